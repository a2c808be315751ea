export { portfolioPerformance, type PortfolioPerformance } from "./portfolio-performance.js";
export { riskContributions, type RiskContributions } from "./risk-contributions.js";
export { diversificationRatio } from "./diversification-ratio.js";
export { historicalTailRisk, historicalVar, historicalCvar, type TailRisk } from "./tail-risk.js";
export { drawdownSeries, maxDrawdown, longestDrawdown, ulcerIndex, type MaxDrawdown, type LongestDrawdown } from "./drawdown.js";
export { semivariance, semideviation } from "./semideviation.js";
export { meanAbsoluteDeviation } from "./mean-absolute-deviation.js";
export { uncompoundedDrawdowns, conditionalDrawdownAtRisk, type DrawdownRisk } from "./cdar.js";
