// The part of portfolio-allocation (npm, untyped CommonJS) that bench/covariance.ts calls.
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
  };
  export default PortfolioAllocation;
}
