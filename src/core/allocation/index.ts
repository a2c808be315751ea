/**
 * From target weights to what to hold and trade: whole-share allocation (greedy rounding and an exact
 * MILP, with lots and fractional shares) and the rebalance planner.
 */
export { greedyAllocation } from "./greedy-allocation.js";
export type { DiscreteAllocation, DiscreteAllocationInputs } from "./discrete-allocation.js";
export { milpAllocation, type MilpAllocationOptions } from "./milp-allocation.js";
export { rebalancePlan, type RebalancePlan, type RebalanceTrade } from "./rebalance-plan.js";
export { DEFAULT_REBALANCE_TOLERANCE, type RebalanceInputs, type TradingFees } from "./rebalance-inputs.js";
