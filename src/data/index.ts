export {
  DataError,
  FileNotFoundError,
  FileUnreadableError,
  InvalidDataRequestError,
  InvalidProviderResponseError,
  MalformedPriceFileError,
  MarketDataError,
  ProviderUnavailableError,
  UnknownTickerError,
  type DataErrorCode,
  type DataErrorLocation,
  type MarketDataErrorCode,
} from "./errors.js";
export { parsePriceCsv, type ParsePriceCsvOptions, type PriceFile, type PriceFileReport } from "./parse-price-csv.js";
export { readPriceFile, type ReadPriceFileOptions } from "./read-prices.js";
export { MalformedFileError } from "./errors.js";
export { readBoundsFile, readGroupsFile, readWeightsFile } from "./read-ticker-table.js";
export type { AssetRow, PriceRow, PriceStore, StoredRange } from "./price-store.js";
export {
  importPriceFile,
  importPricePanel,
  priceRowsOfPanel,
  type ImportPricePanelOptions,
  type ImportPricesResult,
} from "./import-prices.js";
export { parseAssetCsv, readAssetFile } from "./read-asset-file.js";
export { fetchPrices, type FetchPricesOptions, type FetchPricesResult, type TickerFetchResult } from "./fetch-prices.js";
export { missingSpans, type DateSpan } from "./missing-spans.js";
export {
  alignPanel,
  type AlignedPanel,
  type AlignmentReport,
  type AlignPanelOptions,
  type DroppedDate,
  type DroppedTicker,
  type DroppedTickerReason,
  type FillPolicy,
} from "./align-panel.js";
export { loadSampleData, samplesDirectory, type SampleDataResult } from "./sample-data.js";
export {
  createFallbackProvider,
  createStooqProvider,
  createYahooProvider,
  stooqSymbol,
  type FetchDailyOptions,
  type PriceProvider,
  type ProviderBar,
  type RetryPolicy,
  type StooqProviderOptions,
  type YahooProviderOptions,
} from "./providers/index.js";
export { readBudgetsFile, readHoldingsFile, readLotsFile, readMarketCapsFile, type TickerFileOptions } from "./read-ticker-values.js";
export { readViewsFile, type FileView } from "./read-views-file.js";
