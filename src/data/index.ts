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
