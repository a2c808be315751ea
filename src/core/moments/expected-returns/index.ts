export {
  meanHistoricalReturn,
  type MeanHistoricalReturnOptions,
} from "./mean-historical-return.js";
export {
  emaHistoricalReturn,
  type EmaHistoricalReturnOptions,
} from "./ema-historical-return.js";
export { capmReturn, type CapmReturn, type CapmReturnOptions } from "./capm-return.js";
export {
  jamesSteinReturn,
  type JamesSteinReturn,
  type JamesSteinReturnOptions,
} from "./james-stein-return.js";
export { forecastReturns } from "./forecast-returns.js";
