/**
 * `portfolio-opt`: the library. The numeric core (estimators, measures, linear algebra) plus the
 * price-file readers. Everything here is typed and documented; see README.md for an example.
 */
export * from "./core/index.js";
export {
  readPriceFile,
  parsePriceCsv,
  DataError,
  FileNotFoundError,
  FileUnreadableError,
  MalformedPriceFileError,
  type DataErrorCode,
  type PriceFile,
  type PriceFileReport,
} from "./data/index.js";
