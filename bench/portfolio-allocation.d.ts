// The part of portfolio-allocation (npm, untyped CommonJS) that the bench calls.
declare module "portfolio-allocation" {
  interface PortfolioAllocationMatrix {
    readonly nbRows: number;
    readonly nbColumns: number;
    /** Row-major. */
    readonly data: Float64Array;
  }
  interface CovarianceMatrixOptions {
    assumeZeroMean?: boolean;
    regularizationMethod?: "none" | "linear-shrinkage";
    shrinkageTarget?:
      | "constant-variance-null-correlation"
      | "constant-variance-correlation"
      | "null-correlation"
      | "constant-correlation";
  }
  const PortfolioAllocation: {
    /** `series`: one array of observations per asset (asset-major). */
    covarianceMatrix(series: number[][], options?: CovarianceMatrixOptions): PortfolioAllocationMatrix;
    /** Long-only, fully invested; exactly one of the constraints. */
    meanVarianceOptimizationWeights(
      mu: number[],
      sigma: number[][],
      options: { constraints: { return?: number; volatility?: number; riskTolerance?: number } },
    ): number[];
  };
  export default PortfolioAllocation;
}
