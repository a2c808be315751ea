/**
 * Black-Litterman as part of a request: the prior (market-implied from market caps, the estimate, or a
 * constant), the investor's views by ticker with optional Idzorek confidences, and the posterior μ
 * and Σ that then feed any model. Tickers are checked here; the maths is `src/core/priors`.
 */
import {
  blackLitterman,
  marketImpliedPriorReturns,
  marketImpliedRiskAversionFromPrices,
  type InvestorView,
  type ViewUncertaintySpec,
} from "../core/priors/index.js";
import { sliceDates, type PricePanel } from "../core/returns/index.js";
import type { SymmetricMatrix } from "../core/linalg/matrix.js";
import { InvalidRequestError, UnknownAssetError } from "./errors.js";

/** "`ticker` returns `return` a year" (absolute) or "the `long` basket beats the `short` one by `return`" (relative). */
export type ViewRequest = (
  | { readonly ticker: string }
  | { readonly long: readonly string[]; readonly short: readonly string[] }
) & {
  /** Annual decimal return (0.1 = 10%). */
  readonly return: number;
  /** Idzorek confidence in [0, 1]: give it for every view or for none (then Ω is proportional to the prior). */
  readonly confidence?: number;
  /** A name for error messages ("views.csv line 4", "tech beats energy"). */
  readonly label?: string;
};

export interface BlackLittermanRequest {
  /**
   * The prior π: `"market"` (default; needs `marketCaps`) the market-implied Π = δ·Σ·w_mkt + rf;
   * `"estimate"` the request's own expected-returns estimate; a number: that annual return for every
   * asset (0 = no prior, PyPortfolioOpt's `pi=None`; 1/n = its `pi="equal"`).
   */
  readonly prior?: "market" | "estimate" | number;
  /** Market capitalisation by ticker (≥ 0), one for every selected ticker; others are ignored. */
  readonly marketCaps?: Readonly<Record<string, number>>;
  /** The market's risk aversion δ; default: implied by the request's `market` prices, else 1. */
  readonly riskAversion?: number;
  /** No views: the posterior is the prior (μ = π, Σ unchanged). */
  readonly views?: readonly ViewRequest[];
  /** τ ∈ (0, 1], default 0.05. */
  readonly tau?: number;
}

export interface BlackLittermanSummary {
  readonly prior: Readonly<Record<string, number>>;
  readonly posterior: Readonly<Record<string, number>>;
  /** δ of the market prior, and where it came from; null for the other priors. */
  readonly riskAversion: number | null;
  readonly riskAversionSource: "given" | "market" | "default" | null;
  readonly tau: number;
  readonly views: number;
  readonly uncertainty: "proportional" | "idzorek";
}

export interface BlackLittermanContext {
  readonly tickers: readonly string[];
  /** Every ticker of the price data (to tell a typo from an unselected ticker). */
  readonly known: readonly string[];
  readonly expectedReturns: Float64Array;
  readonly covariance: SymmetricMatrix;
  readonly riskFreeRate: number;
  readonly periodsPerYear: number;
  /** A one-column market price series for the implied δ, with the request's dates. */
  readonly market?: PricePanel;
  readonly start?: string;
  readonly end?: string;
}

export interface BlackLittermanInputs {
  readonly expectedReturns: Float64Array;
  readonly covariance: SymmetricMatrix;
  readonly summary: BlackLittermanSummary;
}

const DEFAULT_TAU = 0.05;

function tickerIndex(ticker: string, context: BlackLittermanContext, where: string): number {
  const i = context.tickers.indexOf(ticker);
  if (i >= 0) return i;
  if (!context.known.includes(ticker)) {
    const error = new UnknownAssetError(ticker, context.known);
    error.message = `${where}: ${error.message}`;
    throw error;
  }
  throw new InvalidRequestError(`${where}: ${ticker} is not in the selected universe`, { ticker });
}

function marketWeightsVector(caps: Readonly<Record<string, number>>, context: BlackLittermanContext): Float64Array {
  for (const ticker of Object.keys(caps)) {
    if (!context.known.includes(ticker)) tickerIndex(ticker, context, "market caps");
  }
  const missing = context.tickers.filter((t) => !(t in caps));
  if (missing.length > 0) {
    throw new InvalidRequestError(`market caps: no market cap for ${missing.join(", ")}; every selected ticker needs one`, { tickers: missing });
  }
  return Float64Array.from(context.tickers, (ticker) => {
    const cap = caps[ticker];
    if (!Number.isFinite(cap) || cap < 0) {
      throw new InvalidRequestError(`market caps: the market cap of ${ticker} is ${cap}; it must be a number ≥ 0`, { ticker, value: cap });
    }
    return cap;
  });
}

function riskAversionOf(request: BlackLittermanRequest, context: BlackLittermanContext): { value: number; source: "given" | "market" | "default" } {
  if (request.riskAversion !== undefined) {
    if (!(request.riskAversion > 0) || !Number.isFinite(request.riskAversion)) {
      throw new InvalidRequestError(`the market risk aversion must be a positive number, not ${request.riskAversion}`, { value: request.riskAversion });
    }
    return { value: request.riskAversion, source: "given" };
  }
  if (context.market === undefined) return { value: 1, source: "default" };
  if (context.market.tickers.length !== 1) {
    throw new InvalidRequestError(`the market series must have one price column, not ${context.market.tickers.length}`);
  }
  const panel = context.start === undefined && context.end === undefined ? context.market : sliceDates(context.market, context.start, context.end);
  // Missing prices (holidays of another exchange) are skipped: δ needs the series' returns, not its calendar.
  const prices = Array.from(panel.prices.data).filter((p) => !Number.isNaN(p));
  const delta = marketImpliedRiskAversionFromPrices(prices, { periodsPerYear: context.periodsPerYear, riskFreeRate: context.riskFreeRate });
  if (!(delta > 0)) {
    throw new InvalidRequestError(
      `the market's implied risk aversion is ${delta} (it earned less than the risk-free rate ${context.riskFreeRate} over these dates); give the risk aversion instead`,
      { value: delta },
    );
  }
  return { value: delta, source: "market" };
}

function coreView(view: ViewRequest, k: number, context: BlackLittermanContext): InvestorView {
  const where = view.label ?? `view ${k + 1}`;
  if (!Number.isFinite(view.return)) throw new InvalidRequestError(`${where}: the view's return is ${view.return}`, { view: k });
  if ("ticker" in view) return { asset: tickerIndex(view.ticker, context, where), return: view.return };
  if (view.long.length === 0 || view.short.length === 0) {
    throw new InvalidRequestError(`${where}: a relative view needs tickers on both sides (long and short)`, { view: k });
  }
  const long = view.long.map((t) => tickerIndex(t, context, where));
  const short = view.short.map((t) => tickerIndex(t, context, where));
  const both = view.long.find((t) => view.short.includes(t));
  if (both !== undefined) throw new InvalidRequestError(`${where}: ${both} is on both sides of the view`, { view: k, ticker: both });
  return { long, short, return: view.return };
}

function uncertaintyOf(views: readonly ViewRequest[]): ViewUncertaintySpec {
  const given = views.filter((v) => v.confidence !== undefined).length;
  if (given === 0) return { kind: "proportional" };
  if (given < views.length) {
    const k = views.findIndex((v) => v.confidence === undefined);
    throw new InvalidRequestError(`${views[k].label ?? `view ${k + 1}`} has no confidence: give a confidence for every view or for none`, { view: k });
  }
  views.forEach((v, k) => {
    const c = v.confidence as number;
    if (!(c >= 0 && c <= 1)) throw new InvalidRequestError(`${v.label ?? `view ${k + 1}`}: confidence ${c} is outside [0, 1]`, { view: k, value: c });
  });
  return { kind: "idzorek", confidences: views.map((v) => v.confidence as number) };
}

/** The prior π, and δ when it is the market's. */
function priorOf(request: BlackLittermanRequest, context: BlackLittermanContext) {
  const prior = request.prior ?? "market";
  if (prior === "estimate") return { values: Float64Array.from(context.expectedReturns), delta: null };
  if (typeof prior === "number") {
    if (!Number.isFinite(prior)) throw new InvalidRequestError(`the prior return ${prior} is not a number`);
    return { values: new Float64Array(context.tickers.length).fill(prior), delta: null };
  }
  if (prior !== "market") throw new InvalidRequestError(`unknown Black-Litterman prior '${String(prior)}'; expected market, estimate or a number`);
  if (request.marketCaps === undefined) {
    throw new InvalidRequestError("the market prior of Black-Litterman needs market caps (or choose the prior 'estimate' or a number)");
  }
  const caps = marketWeightsVector(request.marketCaps, context);
  const delta = riskAversionOf(request, context);
  const values = marketImpliedPriorReturns(caps, context.covariance, { riskAversion: delta.value, riskFreeRate: context.riskFreeRate });
  return { values, delta };
}

/** The Black-Litterman posterior μ and Σ for the universe of `context` (see `BlackLittermanRequest`). */
export function blackLittermanInputs(request: BlackLittermanRequest, context: BlackLittermanContext): BlackLittermanInputs {
  const tau = request.tau ?? DEFAULT_TAU;
  if (!(tau > 0 && tau <= 1)) throw new InvalidRequestError(`tau ${tau} must lie in (0, 1]`, { value: tau });
  const views = request.views ?? [];
  const uncertainty = uncertaintyOf(views);
  const coreViews = views.map((v, k) => coreView(v, k, context));
  const prior = priorOf(request, context);
  const byTicker = (values: ArrayLike<number>) => Object.fromEntries(context.tickers.map((t, i) => [t, values[i]]));
  const posterior =
    coreViews.length === 0
      ? { expectedReturns: prior.values, covariance: context.covariance }
      : blackLitterman({ prior: prior.values, covariance: context.covariance, views: coreViews, uncertainty, tau });
  return {
    expectedReturns: posterior.expectedReturns,
    covariance: posterior.covariance,
    summary: {
      prior: byTicker(prior.values),
      posterior: byTicker(posterior.expectedReturns),
      riskAversion: prior.delta?.value ?? null,
      riskAversionSource: prior.delta?.source ?? null,
      tau,
      views: coreViews.length,
      uncertainty: uncertainty.kind === "idzorek" ? "idzorek" : "proportional",
    },
  };
}
