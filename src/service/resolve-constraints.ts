/**
 * Constraints as people write them (tickers, group names, constraint texts) → the index-based
 * `PortfolioConstraints` the core solves with. Names are checked against the price data here, so a
 * typo is reported as an unknown ticker rather than silently ignored.
 */
import {
  parseLinearConstraint,
  type AssetGroup,
  type PortfolioConstraints,
} from "../core/optimizers/constraints/index.js";
import { InvalidRequestError, UnknownAssetError } from "./errors.js";

export interface GroupLimit {
  readonly lower?: number;
  readonly upper?: number;
}

export interface ConstraintsRequest {
  /** One `[lower, upper]` pair for every asset; default `[0, 1]`. */
  readonly bounds?: readonly [number, number];
  /** Per-ticker bounds overriding `bounds`. */
  readonly assetBounds?: Readonly<Record<string, readonly [number, number]>>;
  /** `Σw`: 1 fully invested (default), 0 market-neutral. */
  readonly budget?: number;
  readonly grossLeverage?: number;
  /** Group name → member tickers (members outside the selected universe are left out). */
  readonly groups?: Readonly<Record<string, readonly string[]>>;
  readonly groupLimits?: Readonly<Record<string, GroupLimit>>;
  /** Linear constraints as text: `"Tech <= 0.3"`, `"AAPL + MSFT <= 0.25"`, `"Equity >= 2 * Bonds"`. */
  readonly constraints?: readonly string[];
  readonly l2Gamma?: number;
  /** Weights held now, by ticker (absent tickers: 0). */
  readonly currentWeights?: Readonly<Record<string, number>>;
  readonly maxTurnover?: number;
  /** Proportional cost rate (0.001 = 10 bps of traded value). */
  readonly transactionCost?: number;
  readonly trackingError?: { readonly benchmark: Readonly<Record<string, number>>; readonly max: number };
  readonly maxHoldings?: number;
  readonly minPosition?: number;
}

/** Per-ticker values → a vector in `tickers` order (0 for absent tickers); unknown tickers are errors. */
export function tickerVector(
  values: Readonly<Record<string, number>>,
  tickers: readonly string[],
  known: readonly string[],
  what: string,
): Float64Array {
  const index = new Map(tickers.map((t, i) => [t, i]));
  const out = new Float64Array(tickers.length);
  for (const [ticker, value] of Object.entries(values)) {
    const i = index.get(ticker);
    if (i === undefined) {
      if (!known.includes(ticker)) throw new UnknownAssetError(ticker, known);
      throw new InvalidRequestError(`${what} has a weight for ${ticker}, which is not in the selected universe`, { ticker });
    }
    if (!Number.isFinite(value)) throw new InvalidRequestError(`${what} for ${ticker} is ${value}`, { ticker });
    out[i] = value;
  }
  return out;
}

/**
 * Resolves `request` for the universe `tickers` (the selected columns, in order); `known` are all the
 * tickers the price data has, to tell a typo from an asset merely left out of the selection.
 */
export function resolveConstraints(
  request: ConstraintsRequest,
  tickers: readonly string[],
  known: readonly string[],
): PortfolioConstraints {
  const index = new Map(tickers.map((t, i) => [t, i]));
  const groups: AssetGroup[] = [];
  for (const [name, members] of Object.entries(request.groups ?? {})) {
    for (const t of members) if (!known.includes(t)) throw new UnknownAssetError(t, known);
    const limit = request.groupLimits?.[name] ?? {};
    groups.push({ name, members: members.filter((t) => index.has(t)).map((t) => index.get(t) as number), ...limit });
  }
  for (const name of Object.keys(request.groupLimits ?? {})) {
    if (!(name in (request.groups ?? {}))) throw new InvalidRequestError(`limits given for unknown group '${name}'`, { group: name });
  }
  const linear = (request.constraints ?? []).map((text) => parseLinearConstraint(text, { tickers, groups }));
  return {
    budget: request.budget,
    bounds: assetBounds(request, tickers, known),
    grossLeverage: request.grossLeverage,
    groups: groups.length > 0 ? groups : undefined,
    linear: linear.length > 0 ? linear : undefined,
    l2Gamma: request.l2Gamma,
    currentWeights: request.currentWeights && tickerVector(request.currentWeights, tickers, known, "current weights"),
    maxTurnover: request.maxTurnover,
    transactionCost: request.transactionCost,
    trackingError: request.trackingError && {
      benchmark: tickerVector(request.trackingError.benchmark, tickers, known, "the benchmark"),
      max: request.trackingError.max,
    },
    maxHoldings: request.maxHoldings,
    minPosition: request.minPosition,
  };
}

function assetBounds(
  request: ConstraintsRequest,
  tickers: readonly string[],
  known: readonly string[],
): PortfolioConstraints["bounds"] {
  const base = request.bounds ?? [0, 1];
  if (request.assetBounds === undefined) return [base[0], base[1]];
  const lower = tickers.map(() => base[0]);
  const upper = tickers.map(() => base[1]);
  for (const [ticker, [lo, hi]] of Object.entries(request.assetBounds)) {
    const i = tickers.indexOf(ticker);
    if (i < 0) {
      if (!known.includes(ticker)) throw new UnknownAssetError(ticker, known);
      continue; // bounds for an asset left out of this selection do not apply
    }
    lower[i] = lo;
    upper[i] = hi;
  }
  return { lower, upper };
}
