/**
 * Hierarchical allocators: the clustering (linkage on the correlation distance, the dendrogram's leaf
 * order) and the allocators built on it — hierarchical risk parity, hierarchical equal risk
 * contribution and nested clustered optimization — which honour bounds and group limits exactly.
 */
export { linkage, type Linkage, type LinkageMethod } from "./linkage.js";
export { leafOrder } from "./dendrogram.js";
export { correlationDistance } from "./correlation-distance.js";
export { hierarchicalRiskParity } from "./hierarchical-risk-parity.js";
export { hierarchicalEqualRiskContribution } from "./hierarchical-equal-risk-contribution.js";
export { nestedClusteredOptimization, type NestedClusteredInput } from "./nested-clustered-optimization.js";
export type { CrossTreeLimits, HierarchicalAllocation, HierarchicalInput, HierarchicalModel, NestedModel } from "./hierarchical-model.js";
