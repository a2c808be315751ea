/**
 * What the forms offer, as data: a new model or estimator on the server is one line here. `kind` is
 * the name the API's JSON uses (the `model` field of an optimize response); `params` are the numeric
 * inputs the model needs, with their defaults.
 */
export interface NumericParam {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly step: number;
  /** Shown and typed as a percentage (0.15 ↔ 15). */
  readonly percent?: boolean;
}

export interface ModelEntry {
  readonly kind: string;
  readonly label: string;
  readonly params?: readonly NumericParam[];
  /** Usable in a backtest (the walk-forward engine runs it at each rebalance). */
  readonly backtest?: boolean;
  /** Offered by Optimize. */
  readonly optimize?: boolean;
}

export const MODELS: readonly ModelEntry[] = [
  { kind: "maxSharpe", label: "Maximum Sharpe ratio", optimize: true, backtest: true },
  { kind: "minVolatility", label: "Minimum volatility", optimize: true, backtest: true },
  { kind: "maxQuadraticUtility", label: "Maximum quadratic utility", optimize: true, backtest: true, params: [{ key: "riskAversion", label: "Risk aversion δ", value: 1, step: 0.5 }] },
  { kind: "efficientRisk", label: "Efficient risk (target volatility)", optimize: true, backtest: true, params: [{ key: "targetVolatility", label: "Target volatility", value: 0.15, step: 0.5, percent: true }] },
  { kind: "efficientReturn", label: "Efficient return (target return)", optimize: true, backtest: true, params: [{ key: "targetReturn", label: "Target return", value: 0.15, step: 0.5, percent: true }] },
  // Beyond variance: the risk on historical scenarios (the complete rows of the window).
  { kind: "minCvar", label: "Minimum CVaR (expected shortfall)", optimize: true, backtest: true, params: [{ key: "confidence", label: "Confidence", value: 0.95, step: 0.5, percent: true }] },
  { kind: "minCdar", label: "Minimum CDaR (drawdown at risk)", optimize: true, backtest: true, params: [{ key: "confidence", label: "Confidence", value: 0.95, step: 0.5, percent: true }] },
  { kind: "minMad", label: "Minimum mean absolute deviation", optimize: true, backtest: true },
  { kind: "minSemivariance", label: "Minimum semivariance", optimize: true, backtest: true },
  { kind: "maxSortino", label: "Maximum Sortino ratio", optimize: true, backtest: true },
  // Allocators without expected returns.
  { kind: "equalWeight", label: "Equal weight", optimize: true, backtest: true },
  { kind: "inverseVolatility", label: "Inverse volatility", optimize: true, backtest: true },
  { kind: "inverseVariance", label: "Inverse variance", optimize: true, backtest: true },
  { kind: "riskParity", label: "Risk parity (equal risk contributions)", optimize: true, backtest: true },
  { kind: "maxDiversification", label: "Maximum diversification", optimize: true, backtest: true },
  { kind: "hierarchicalRiskParity", label: "Hierarchical risk parity (HRP)", optimize: true, backtest: true },
  { kind: "hierarchicalEqualRiskContribution", label: "Hierarchical equal risk contribution (HERC)", optimize: true, backtest: true },
  { kind: "nestedClusteredOptimization", label: "Nested clustered optimization (NCO)", optimize: true, backtest: true },
];

export function modelEntry(kind: string): ModelEntry | undefined {
  return MODELS.find((m) => m.kind === kind);
}

export function modelLabel(kind: string): string {
  return modelEntry(kind)?.label ?? kind;
}

export interface EstimatorEntry {
  readonly key: string;
  readonly label: string;
  readonly spec: Readonly<Record<string, unknown>>;
}

export const RETURN_ESTIMATORS: readonly EstimatorEntry[] = [
  { key: "mean", label: "Mean historical (geometric)", spec: { kind: "meanHistorical", compounding: true } },
  { key: "arithmetic", label: "Mean historical (arithmetic)", spec: { kind: "meanHistorical", compounding: false } },
  { key: "ema", label: "Exponentially weighted mean", spec: { kind: "ema" } },
  { key: "capm", label: "CAPM", spec: { kind: "capm" } },
  { key: "james-stein", label: "James–Stein shrinkage", spec: { kind: "jamesStein" } },
];

export const RISK_ESTIMATORS: readonly EstimatorEntry[] = [
  { key: "ledoit-wolf", label: "Ledoit–Wolf (constant variance)", spec: { kind: "ledoitWolf", target: "constantVariance" } },
  { key: "ledoit-wolf-single-factor", label: "Ledoit–Wolf (single factor)", spec: { kind: "ledoitWolf", target: "singleFactor" } },
  { key: "ledoit-wolf-constant-correlation", label: "Ledoit–Wolf (constant correlation)", spec: { kind: "ledoitWolf", target: "constantCorrelation" } },
  { key: "sample", label: "Sample covariance", spec: { kind: "sample" } },
  { key: "semicovariance", label: "Semicovariance", spec: { kind: "semicovariance" } },
  { key: "exp-cov", label: "Exponentially weighted", spec: { kind: "ewm" } },
  { key: "oas", label: "Oracle approximating shrinkage", spec: { kind: "oracleApproximating" } },
  { key: "denoised", label: "Denoised (Marchenko–Pastur)", spec: { kind: "denoised" } },
  { key: "gerber", label: "Gerber statistic", spec: { kind: "gerber" } },
];

export const REBALANCE_SCHEDULES: readonly { readonly value: string; readonly label: string }[] = [
  { value: "monthly", label: "Monthly" },
  { value: "quarterly", label: "Quarterly" },
  { value: "yearly", label: "Yearly" },
  { value: "weekly", label: "Weekly" },
  { value: "21", label: "Every 21 trading days" },
  { value: "daily", label: "Daily" },
  { value: "never", label: "Never (buy and hold)" },
];

export function estimator(list: readonly EstimatorEntry[], key: string | null): EstimatorEntry {
  return list.find((e) => e.key === key) ?? list[0];
}
