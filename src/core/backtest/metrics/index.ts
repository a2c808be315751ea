export {
  performanceReport,
  type DatedOptionalValue,
  type DatedValue,
  type PerformanceReport,
  type PerformanceReportInput,
  type PerformanceSeries,
} from "./performance-report.js";
export type { PerformanceMetrics } from "./performance-metrics.js";
export { benchmarkRelativeMetrics, type BenchmarkRelativeMetrics } from "./benchmark-relative-metrics.js";
export { calendarReturns, type CalendarReturn, type CalendarReturns, type MonthlyReturnsRow } from "./calendar-returns.js";
export { rollingRatios, type RollingRatios } from "./rolling-ratios.js";
export { excessKurtosis, sharpeRatio, skewness, sortinoRatio } from "./return-statistics.js";
