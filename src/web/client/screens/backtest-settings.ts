/**
 * The Backtest form's settings, to and from the URL and to the API body (a JSON mirror of the CLI's
 * `portfolio backtest` flags: models, rebalance, lookback, costs in bps, benchmark, dates).
 */
import { MODELS, RISK_ESTIMATORS, REBALANCE_SCHEDULES, estimator, modelEntry } from "../catalogue.js";

export interface BacktestSettings {
  readonly tickers: readonly string[];
  readonly portfolioId: number | null;
  readonly models: readonly string[];
  readonly rebalance: string;
  readonly lookback: number;
  readonly costBps: number;
  readonly benchmark: string;
  readonly risk: string;
  readonly start: string;
  readonly end: string;
}

export const BACKTEST_MODELS = MODELS.filter((m) => m.backtest);

/** The benchmark choice meaning "the equal-weight portfolio on the same schedule". */
export const EQUAL_WEIGHT_BENCHMARK = "equalWeight";

function num(params: URLSearchParams, key: string, fallback: number): number {
  const raw = params.get(key);
  const value = raw === null || raw === "" ? NaN : Number(raw);
  return Number.isFinite(value) ? value : fallback;
}

/**
 * Defaults: max Sharpe against min volatility, monthly, a one-year window, 10 bps, the index as
 * benchmark, the last five years of the data (`defaults.start`/`end`).
 */
export function backtestFromParams(params: URLSearchParams, tickers: readonly string[], defaults: { readonly benchmark: string; readonly start: string; readonly end: string }): BacktestSettings {
  const models = (params.get("models") ?? "maxSharpe,minVolatility").split(",").filter((m) => BACKTEST_MODELS.some((b) => b.kind === m));
  const rebalance = params.get("rebalance") ?? "monthly";
  const portfolio = Number(params.get("portfolio"));
  return {
    tickers,
    portfolioId: Number.isInteger(portfolio) && portfolio > 0 ? portfolio : null,
    models: models.length > 0 ? models : ["maxSharpe", "minVolatility"],
    rebalance: REBALANCE_SCHEDULES.some((r) => r.value === rebalance) ? rebalance : "monthly",
    lookback: Math.max(1, Math.round(num(params, "lookback", 252))),
    costBps: Math.max(0, num(params, "costBps", 10)),
    benchmark: params.get("benchmark") ?? defaults.benchmark,
    risk: estimator(RISK_ESTIMATORS, params.get("risk")).key,
    start: params.get("start") || defaults.start,
    end: params.get("end") || defaults.end,
  };
}

export function backtestToParams(s: BacktestSettings): Record<string, string | undefined> {
  return {
    tickers: s.tickers.join(","),
    portfolio: s.portfolioId === null ? undefined : String(s.portfolioId),
    models: s.models.join(","),
    rebalance: s.rebalance,
    lookback: String(s.lookback),
    costBps: String(s.costBps),
    benchmark: s.benchmark,
    risk: s.risk,
    start: s.start || undefined,
    end: s.end || undefined,
  };
}

/** A model spec with its parameters at their defaults (a target volatility of 15 %…). */
function modelSpec(kind: string): Record<string, unknown> {
  return { kind, ...Object.fromEntries((modelEntry(kind)?.params ?? []).map((p) => [p.key, p.value])) };
}

/** The last trading day shared by the tickers, and five years before it: the default backtest window. */
export function defaultWindow(lastDates: readonly (string | null)[]): { start: string; end: string } {
  const known = lastDates.filter((d): d is string => typeof d === "string").sort();
  if (known.length === 0) return { start: "", end: "" };
  const end = known[0];
  return { start: `${Number(end.slice(0, 4)) - 5}${end.slice(4)}`, end };
}

export function backtestBody(s: BacktestSettings): Record<string, unknown> {
  const every = Number(s.rebalance);
  const benchmark = s.benchmark === EQUAL_WEIGHT_BENCHMARK ? { kind: "equalWeight", rebalance: "schedule" } : s.benchmark;
  return {
    ...(s.portfolioId !== null ? { portfolioId: s.portfolioId } : {}),
    tickers: s.tickers,
    models: s.models.map(modelSpec),
    riskModel: estimator(RISK_ESTIMATORS, s.risk).spec,
    rebalance: Number.isInteger(every) && every > 0 ? { kind: "everyKDays", k: every } : s.rebalance,
    lookback: s.lookback,
    costBps: s.costBps,
    ...(benchmark ? { benchmark } : {}),
    start: s.start,
    end: s.end,
  };
}
