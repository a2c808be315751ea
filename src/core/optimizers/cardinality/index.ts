export { branchAndBoundHoldings } from "./branch-and-bound-holdings.js";
export type { GapTolerance, HoldingsNode, HoldingsProblem, HoldingsResult, Relaxation } from "./holdings-problem.js";
