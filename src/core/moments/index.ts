export * from "./expected-returns/index.js";
export * from "./covariance/index.js";
export {
  estimateExpectedReturns,
  expectedReturnsKinds,
  type ExpectedReturnsContext,
  type ExpectedReturnsEstimate,
  type ExpectedReturnsSpec,
} from "./estimate-expected-returns.js";
export { estimateRiskModel, riskModelKinds, type RiskModelEstimate, type RiskModelSpec } from "./estimate-risk-model.js";
