export {
  DataError,
  FileNotFoundError,
  FileUnreadableError,
  MalformedPriceFileError,
  type DataErrorCode,
  type DataErrorLocation,
} from "./errors.js";
export { parsePriceCsv, type ParsePriceCsvOptions, type PriceFile, type PriceFileReport } from "./parse-price-csv.js";
export { readPriceFile, type ReadPriceFileOptions } from "./read-prices.js";
export { MalformedFileError } from "./errors.js";
export { readBoundsFile, readGroupsFile, readWeightsFile } from "./read-ticker-table.js";
