/**
 * A stored optimization's request → the form's settings, so reopening a run from History (or a shared
 * `#/optimize?result=ID` link) shows the same form and the same result.
 */
import { RETURN_ESTIMATORS, RISK_ESTIMATORS } from "../catalogue.js";
import type { OptimizeSettings } from "./optimize-settings.js";

type Loose = Record<string, unknown>;

function sameSpec(a: unknown, b: Loose): boolean {
  const x = (a ?? {}) as Loose;
  return Object.entries(b).every(([k, v]) => x[k] === v || (x[k] === undefined && (v === true || k === "target")));
}

function estimatorKey(list: typeof RETURN_ESTIMATORS, spec: unknown, fallback: string): string {
  return list.find((e) => (spec as Loose | undefined)?.kind === e.spec.kind && sameSpec(spec, e.spec as Loose))?.key ?? list.find((e) => (spec as Loose | undefined)?.kind === e.spec.kind)?.key ?? fallback;
}

export function settingsFromRequest(request: Loose, base: OptimizeSettings): OptimizeSettings {
  const model = (request.model ?? {}) as Loose;
  const constraints = (request.constraints ?? {}) as Loose;
  const bounds = Array.isArray(constraints.bounds) ? (constraints.bounds as number[]) : [base.lower, base.upper];
  const modelParams: Record<string, number> = {};
  for (const [k, v] of Object.entries(model)) if (k !== "kind" && typeof v === "number") modelParams[k] = v;
  const groupCaps: Record<string, number> = {};
  for (const [g, limit] of Object.entries((constraints.groupLimits ?? {}) as Record<string, Loose>)) {
    if (typeof limit.upper === "number") groupCaps[g] = limit.upper;
  }
  return {
    ...base,
    tickers: Array.isArray(request.tickers) ? (request.tickers as string[]) : base.tickers,
    portfolioId: typeof request.portfolioId === "number" ? request.portfolioId : null,
    model: typeof model.kind === "string" ? model.kind : base.model,
    modelParams,
    returns: estimatorKey(RETURN_ESTIMATORS, request.expectedReturns, base.returns),
    risk: estimatorKey(RISK_ESTIMATORS, request.riskModel, base.risk),
    start: typeof request.start === "string" ? request.start : "",
    end: typeof request.end === "string" ? request.end : "",
    riskFreeRate: typeof request.riskFreeRate === "number" ? request.riskFreeRate : base.riskFreeRate,
    lower: bounds[0],
    upper: bounds[1],
    maxHoldings: typeof constraints.maxHoldings === "number" ? constraints.maxHoldings : null,
    minPosition: typeof constraints.minPosition === "number" ? constraints.minPosition : null,
    l2Gamma: typeof constraints.l2Gamma === "number" ? constraints.l2Gamma : null,
    groupCaps,
  };
}
