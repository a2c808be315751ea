/**
 * Everything a model may need from one request, estimated once: μ and Σ (or their Black-Litterman
 * posterior), the historical scenarios of the risk-measure models and the correlation the
 * hierarchical models cluster on. Scenarios and correlation are built only when a model asks.
 */
import type { Matrix, SymmetricMatrix } from "../core/linalg/matrix.js";
import { completeRows, pairwiseCorrelation } from "../core/moments/index.js";
import { blackLittermanInputs, type BlackLittermanRequest, type BlackLittermanSummary } from "./black-litterman-prior.js";
import { EmptySelectionError } from "./errors.js";
import { estimateMoments, type EstimateMomentsRequest, type MomentsEstimate } from "./estimate-moments.js";

export interface ModelInputsRequest extends EstimateMomentsRequest {
  /** Replace μ and Σ by the Black-Litterman posterior. */
  readonly blackLitterman?: BlackLittermanRequest;
  /** Annual, default 0.02. */
  readonly riskFreeRate?: number;
}

export interface ModelInputs {
  readonly moments: MomentsEstimate;
  readonly tickers: readonly string[];
  /** μ (annual): the estimate, or the Black-Litterman posterior. */
  readonly expectedReturns: Float64Array;
  /** Σ (annual): the estimate, or the Black-Litterman posterior. */
  readonly covariance: SymmetricMatrix;
  readonly riskFreeRate: number;
  readonly blackLitterman: BlackLittermanSummary | null;
  /** The return rows where every selected ticker has a return (the risk measures' scenarios). */
  scenarios(): Matrix;
  /**
   * The correlation the hierarchical models cluster on: pandas' pairwise `corr()` of the returns when Σ
   * is the pairwise sample covariance (as PyPortfolioOpt's HRPOpt), else undefined (Σ's own).
   */
  correlation(): SymmetricMatrix | undefined;
}

export function modelInputs(request: ModelInputsRequest): ModelInputs {
  const moments = estimateMoments(request);
  const riskFreeRate = request.riskFreeRate ?? 0.02;
  const bl =
    request.blackLitterman === undefined
      ? null
      : blackLittermanInputs(request.blackLitterman, {
          tickers: moments.tickers,
          known: request.prices.tickers,
          expectedReturns: moments.expectedReturns,
          covariance: moments.covariance,
          riskFreeRate,
          periodsPerYear: moments.periodsPerYear,
          market: request.market,
          start: request.start,
          end: request.end,
        });
  const risk = request.riskModel ?? { kind: "sample" };
  const pairwise = bl === null && risk.kind === "sample" && risk.missing !== "complete";
  let scenarios: Matrix | undefined;
  let correlation: SymmetricMatrix | undefined;
  return {
    moments,
    tickers: moments.tickers,
    expectedReturns: bl?.expectedReturns ?? moments.expectedReturns,
    covariance: bl?.covariance ?? moments.covariance,
    riskFreeRate,
    blackLitterman: bl?.summary ?? null,
    scenarios() {
      scenarios ??= completeRows(moments.returns);
      if (scenarios.rows === 0) {
        throw new EmptySelectionError(
          `no date between ${moments.start} and ${moments.end} has a return for every selected ticker: the risk measures need complete rows`,
          { start: moments.start, end: moments.end },
        );
      }
      return scenarios;
    },
    correlation() {
      if (pairwise) correlation ??= pairwiseCorrelation(moments.returns);
      return correlation;
    },
  };
}
