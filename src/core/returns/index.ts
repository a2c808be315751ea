export { isIsoDate, isoDayNumber } from "./iso-date.js";
export {
  pricePanel,
  type DuplicateDatePolicy,
  type PricePanel,
  type PricePanelInput,
  type PricePanelOptions,
  type PricePanelReport,
  type PricePanelResult,
} from "./price-panel.js";
export { sliceDates } from "./slice-dates.js";
export { selectTickers } from "./select-tickers.js";
export {
  logReturns,
  simpleReturns,
  type GapPolicy,
  type ReturnsOptions,
  type ReturnsPanel,
  type ReturnsReport,
} from "./returns-from-prices.js";
export { returnsMatrixFromArrays } from "./returns-matrix-from-arrays.js";
export { alignToDates, type DatedRows } from "./align-to-dates.js";
export { inferPeriodsPerYear } from "./frequency.js";
export { withEmptyColumns } from "./with-empty-columns.js";
