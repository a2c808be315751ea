/**
 * Expected returns from a plain spec. The spec is the configuration a CLI flag, an API body, a job
 * payload and a stored run all carry unchanged; it is validated here, when used.
 */
import { InvalidInputError } from "../errors.js";
import type { Matrix } from "../linalg/matrix.js";
import {
  capmReturn,
  emaHistoricalReturn,
  forecastReturns,
  jamesSteinReturn,
  meanHistoricalReturn,
} from "./expected-returns/index.js";

export type ExpectedReturnsSpec =
  /** Historical mean: compounded (geometric, the default, as PyPortfolioOpt) or arithmetic. */
  | { readonly kind: "meanHistorical"; readonly compounding?: boolean }
  /** Exponentially weighted mean with the given span in periods (default 500). */
  | { readonly kind: "ema"; readonly span?: number; readonly compounding?: boolean }
  /** CAPM: rf + β·(market return − rf); the market is the equal-weight average unless given. */
  | { readonly kind: "capm"; readonly riskFreeRate?: number; readonly compounding?: boolean }
  /** James–Stein shrinkage of the sample mean toward the grand mean. */
  | { readonly kind: "jamesStein" }
  /** The caller's own forecasts, one annual decimal per ticker. */
  | { readonly kind: "forecast"; readonly forecasts: Readonly<Record<string, number>> };

export const expectedReturnsKinds = ["meanHistorical", "ema", "capm", "jamesStein", "forecast"] as const;

export interface ExpectedReturnsContext {
  readonly periodsPerYear: number;
  /** Asset names in column order: needed by forecasts, and used to name assets in errors. */
  readonly tickers: readonly string[];
  /** Market returns on the same rows as `returns` (NaN where missing), for CAPM. */
  readonly market?: Float64Array;
}

export interface ExpectedReturnsEstimate {
  readonly expectedReturns: Float64Array;
  /** James–Stein's shrinkage intensity; null for estimators that do not shrink. */
  readonly shrinkage: number | null;
  /** CAPM betas; null otherwise. */
  readonly betas: Float64Array | null;
}

/**
 * Annual expected returns per asset for `returns` (`nObservations × nAssets`, NaN = missing).
 * @example estimateExpectedReturns(r, { kind: "ema", span: 250 }, { periodsPerYear: 252, tickers })
 */
export function estimateExpectedReturns(
  returns: Matrix,
  spec: ExpectedReturnsSpec,
  context: ExpectedReturnsContext,
): ExpectedReturnsEstimate {
  const { periodsPerYear } = context;
  switch (spec.kind) {
    case "meanHistorical":
      return plain(meanHistoricalReturn(returns, { periodsPerYear, compounding: spec.compounding }));
    case "ema":
      return plain(emaHistoricalReturn(returns, { periodsPerYear, span: spec.span, compounding: spec.compounding }));
    case "capm": {
      const capm = capmReturn(returns, {
        periodsPerYear,
        riskFreeRate: spec.riskFreeRate,
        compounding: spec.compounding,
        market: context.market,
      });
      return { expectedReturns: capm.expectedReturns, shrinkage: null, betas: capm.betas };
    }
    case "jamesStein": {
      const js = jamesSteinReturn(returns, { periodsPerYear });
      return { expectedReturns: js.expectedReturns, shrinkage: js.shrinkage, betas: null };
    }
    case "forecast":
      return plain(forecastReturns(context.tickers, spec.forecasts));
    default:
      throw new InvalidInputError(
        `unknown expected-returns estimator '${(spec as { kind?: unknown }).kind}'; ` +
          `expected one of ${expectedReturnsKinds.join(", ")}`,
        { kind: (spec as { kind?: unknown }).kind },
      );
  }
}

function plain(expectedReturns: Float64Array): ExpectedReturnsEstimate {
  return { expectedReturns, shrinkage: null, betas: null };
}
