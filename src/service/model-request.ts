/**
 * Models as a request names them: every core `PortfolioModel` kind, with assets keyed by ticker where
 * the core takes vectors (a tracking-error benchmark, risk budgets). `coreModel` checks the tickers
 * against the universe and turns the request into the core's index-based spec.
 */
import type { AllocatorModel, MeanVarianceModel, PortfolioModel, RiskMeasureModel } from "../core/optimizers/index.js";
import { InvalidRequestError, UnknownAssetError } from "./errors.js";
import { tickerVector } from "./resolve-constraints.js";

/** A model as a request names it: like the core's, but a benchmark and risk budgets are keyed by ticker. */
export type ModelRequest =
  | Exclude<MeanVarianceModel, { kind: "minTrackingError" }>
  | { readonly kind: "minTrackingError"; readonly benchmark: Readonly<Record<string, number>> }
  | RiskMeasureModel
  | Exclude<AllocatorModel, { kind: "riskParity" }>
  /** Risk budgeting: one positive budget per selected ticker, summing to 1; equal risk without them. */
  | { readonly kind: "riskParity"; readonly budgets?: Readonly<Record<string, number>> };

export type ModelKind = ModelRequest["kind"];

/**
 * How far risk budgets may sum from 1 before they are refused: budgets typed into a CSV with six
 * decimals (1/3 → 0.333333) miss 1 by up to a few 1e-6; anything further is a mistake, not rounding.
 * Accepted budgets are divided by their sum, so the core sees them summing to 1 exactly.
 */
const BUDGET_SUM_TOLERANCE = 1e-5;

/** Per-ticker values → a vector; an unknown ticker's error says which input named it. */
export function vectorByTicker(
  values: Readonly<Record<string, number>>,
  tickers: readonly string[],
  known: readonly string[],
  what: string,
): Float64Array {
  try {
    return tickerVector(values, tickers, known, what);
  } catch (error) {
    if (error instanceof UnknownAssetError) error.message = `${what}: ${error.message}`;
    throw error;
  }
}

function riskBudgets(budgets: Readonly<Record<string, number>>, tickers: readonly string[], known: readonly string[]): Float64Array {
  const vector = vectorByTicker(budgets, tickers, known, "the risk budgets");
  const missing = tickers.filter((t) => !(t in budgets));
  if (missing.length > 0) {
    throw new InvalidRequestError(`the risk budgets have no budget for ${missing.join(", ")}: every selected ticker needs one`, { tickers: missing });
  }
  let sum = 0;
  tickers.forEach((ticker, i) => {
    if (!(vector[i] > 0)) {
      throw new InvalidRequestError(`the risk budget of ${ticker} is ${vector[i]}; every budget must be positive (leave the ticker out instead)`, { ticker });
    }
    sum += vector[i];
  });
  if (Math.abs(sum - 1) > BUDGET_SUM_TOLERANCE) {
    // 12 significant digits: 0.5 + 0.3 + 0.1 reads "0.9", not "0.8999999999999999".
    throw new InvalidRequestError(`the risk budgets sum to ${Number(sum.toPrecision(12))}, not 1`, { sum });
  }
  return vector.map((b) => b / sum);
}

/**
 * The core's model for a request over the universe `tickers` (the selected columns, in order);
 * `known` are all the tickers of the price data, to tell a typo (UNKNOWN_ASSET) from an asset left
 * out of the selection (INVALID_REQUEST).
 */
export function coreModel(model: ModelRequest, tickers: readonly string[], known: readonly string[]): PortfolioModel {
  switch (model.kind) {
    case "minTrackingError":
      return { kind: "minTrackingError", benchmark: vectorByTicker(model.benchmark, tickers, known, "the benchmark") };
    case "riskParity":
      return model.budgets === undefined ? { kind: "riskParity" } : { kind: "riskParity", budgets: riskBudgets(model.budgets, tickers, known) };
    default:
      return model;
  }
}
