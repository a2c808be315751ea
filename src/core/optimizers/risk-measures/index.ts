/**
 * Risk-measure models on historical scenarios: minimum CVaR, CDaR, mean absolute deviation and
 * semivariance (each also at a target return or, for the LP measures, under a risk cap), maximum
 * Sortino, and their efficient frontiers. LPs and QPs solved by HiGHS.
 */
export { optimizeRiskMeasure, optimizeRiskMeasureWith } from "./optimize-risk-measure.js";
export { riskMeasureFrontier } from "./risk-measure-frontier.js";
export type { RiskFrontierPoint, RiskMeasureInput, RiskMeasureModel, RiskMeasureName, RiskMeasureOptimum } from "./risk-measure-model.js";
