import { optimizeRiskMeasure } from "/work/main/src/core/optimizers/risk-measures/index.js";
import { referenceScenarios } from "/work/main/test/core/optimizers/risk-measures/scenario-fixtures.js";
const { scenarios, mu } = referenceScenarios();
for (const kind of ["minCvar","minCdar","minMad"] as const) {
  const t0 = performance.now();
  try {
  const r = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind }, constraints: { l2Gamma: 0.1 } });
  const ss = r.weights.reduce((s, w) => s + w * w, 0);
  console.log(kind, r.expectedReturn, r.risk, r.solver, r.risk + 0.1*ss - r.solver.objective, (performance.now()-t0).toFixed(0),"ms");
  } catch (e) { console.log(kind, e) }
}
