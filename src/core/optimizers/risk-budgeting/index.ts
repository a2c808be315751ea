/**
 * Risk-based allocators: risk budgeting (equal risk contribution and general budgets, solved exactly
 * with a convergence check) and maximum diversification.
 */
export { riskBudgeting, equalRiskContribution } from "./risk-budgeting.js";
export type { RiskBudgetingModel, RiskBudgetingOptions, RiskBudgetingResult } from "./risk-budgeting-model.js";
export { maximumDiversification, type MaximumDiversification } from "./maximum-diversification.js";
