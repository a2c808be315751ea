/**
 * The Optimize form's settings as plain data, to and from the URL (so a result can be shared) and to
 * the API's request body (the service's OptimizeRequest: estimator specs, model spec, constraints).
 */
import { MODELS, RETURN_ESTIMATORS, RISK_ESTIMATORS, estimator, modelEntry } from "../catalogue.js";

export interface OptimizeSettings {
  readonly tickers: readonly string[];
  /** The saved portfolio the universe came from: its runs are then listed under it in History. */
  readonly portfolioId: number | null;
  readonly model: string;
  readonly modelParams: Readonly<Record<string, number>>;
  readonly returns: string;
  readonly risk: string;
  readonly start: string;
  readonly end: string;
  readonly riskFreeRate: number;
  readonly lower: number;
  readonly upper: number;
  readonly maxHoldings: number | null;
  readonly minPosition: number | null;
  /** γ of the L2 penalty γ·Σw² (constraints.l2Gamma), null for none. */
  readonly l2Gamma: number | null;
  /** Group (sector) → the most it may weigh in total. */
  readonly groupCaps: Readonly<Record<string, number>>;
  readonly points: number;
}

function num(params: URLSearchParams, key: string, fallback: number): number {
  const raw = params.get(key);
  const value = raw === null || raw === "" ? NaN : Number(raw);
  return Number.isFinite(value) ? value : fallback;
}

function optionalNum(params: URLSearchParams, key: string): number | null {
  const raw = params.get(key);
  const value = raw === null || raw === "" ? NaN : Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** Sensible defaults: max Sharpe on Ledoit–Wolf risk, long only, 2 % risk-free rate, full history. */
export function settingsFromParams(params: URLSearchParams, tickers: readonly string[]): OptimizeSettings {
  const model = modelEntry(params.get("model") ?? "")?.optimize ? (params.get("model") as string) : "maxSharpe";
  const modelParams: Record<string, number> = {};
  for (const p of modelEntry(model)?.params ?? []) modelParams[p.key] = num(params, p.key, p.value);
  const groupCaps: Record<string, number> = {};
  for (const [key, value] of params) {
    if (key.startsWith("cap.") && Number.isFinite(Number(value)) && value !== "") groupCaps[key.slice(4)] = Number(value);
  }
  return {
    tickers,
    portfolioId: optionalNum(params, "portfolio"),
    model,
    modelParams,
    returns: estimator(RETURN_ESTIMATORS, params.get("returns")).key,
    risk: estimator(RISK_ESTIMATORS, params.get("risk")).key,
    start: params.get("start") ?? "",
    end: params.get("end") ?? "",
    riskFreeRate: num(params, "rf", 0.02),
    lower: num(params, "lower", 0),
    upper: num(params, "upper", 1),
    maxHoldings: optionalNum(params, "maxHoldings"),
    minPosition: optionalNum(params, "minPosition"),
    l2Gamma: optionalNum(params, "gamma"),
    groupCaps,
    points: Math.min(100, Math.max(5, Math.round(num(params, "points", 30)))),
  };
}

export function settingsToParams(s: OptimizeSettings): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {
    tickers: s.tickers.join(","),
    portfolio: s.portfolioId === null ? undefined : String(s.portfolioId),
    model: s.model,
    returns: s.returns,
    risk: s.risk,
    start: s.start || undefined,
    end: s.end || undefined,
    rf: String(s.riskFreeRate),
    lower: String(s.lower),
    upper: String(s.upper),
    maxHoldings: s.maxHoldings === null ? undefined : String(s.maxHoldings),
    minPosition: s.minPosition === null ? undefined : String(s.minPosition),
    gamma: s.l2Gamma === null ? undefined : String(s.l2Gamma),
    points: String(s.points),
  };
  for (const [key, value] of Object.entries(s.modelParams)) out[key] = String(value);
  for (const [group, cap] of Object.entries(s.groupCaps)) out[`cap.${group}`] = String(cap);
  return out;
}

/** The constraints object of an optimize/frontier body; `groups` maps a group to its member tickers. */
export function constraintsBody(s: OptimizeSettings, groups: Readonly<Record<string, readonly string[]>>): Record<string, unknown> {
  const constraints: Record<string, unknown> = { bounds: [s.lower, s.upper] };
  const capped = Object.keys(s.groupCaps).filter((g) => (groups[g] ?? []).length > 0);
  if (capped.length > 0) {
    constraints.groups = Object.fromEntries(capped.map((g) => [g, groups[g]]));
    constraints.groupLimits = Object.fromEntries(capped.map((g) => [g, { upper: s.groupCaps[g] }]));
  }
  if (s.maxHoldings !== null) constraints.maxHoldings = s.maxHoldings;
  if (s.minPosition !== null) constraints.minPosition = s.minPosition;
  // 0 is no penalty: leave it out so the allocators that refuse an L2 term accept the body.
  if (s.l2Gamma !== null && s.l2Gamma !== 0) constraints.l2Gamma = s.l2Gamma;
  return constraints;
}

function universeBody(s: OptimizeSettings): Record<string, unknown> {
  return {
    ...(s.portfolioId !== null ? { portfolioId: s.portfolioId } : {}),
    tickers: s.tickers,
    ...(s.start ? { start: s.start } : {}),
    ...(s.end ? { end: s.end } : {}),
    expectedReturns: estimator(RETURN_ESTIMATORS, s.returns).spec,
    riskModel: estimator(RISK_ESTIMATORS, s.risk).spec,
    riskFreeRate: s.riskFreeRate,
  };
}

export function optimizeBody(s: OptimizeSettings, groups: Readonly<Record<string, readonly string[]>>): Record<string, unknown> {
  return { ...universeBody(s), model: { kind: s.model, ...s.modelParams }, constraints: constraintsBody(s, groups) };
}

export function frontierBody(s: OptimizeSettings, groups: Readonly<Record<string, readonly string[]>>): Record<string, unknown> {
  return { ...universeBody(s), points: s.points, constraints: constraintsBody(s, groups) };
}

export const OPTIMIZE_MODELS = MODELS.filter((m) => m.optimize);
