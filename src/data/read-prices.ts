/**
 * Price files from disk: CSV, plain or gzip-compressed (recognised by its magic bytes 1f 8b, not by
 * the file name, so `prices.csv.gz` renamed `prices.csv` still reads).
 */
import { readFile } from "node:fs/promises";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import type { DuplicateDatePolicy } from "../core/returns/index.js";
import { FileNotFoundError, FileUnreadableError, MalformedPriceFileError } from "./errors.js";
import { parsePriceCsv, type PriceFile } from "./parse-price-csv.js";

const gunzipAsync = promisify(gunzip);

export interface ReadPriceFileOptions {
  /** A date given twice: `"error"` (default) or `"keepLast"`. */
  readonly duplicates?: DuplicateDatePolicy;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads a wide or long price CSV (see `parsePriceCsv`), gzipped or not, into a validated panel.
 *
 * @param path - the file; error messages name it as given.
 * @returns the panel (dates ascending × tickers, `NaN` missing) and its `report`.
 * @throws FileNotFoundError (`FILE_NOT_FOUND`), FileUnreadableError (`FILE_UNREADABLE`),
 *   MalformedPriceFileError (`MALFORMED_PRICE_FILE`, with line and column for content errors).
 * @example const prices = await readPriceFile("data/stock_prices.csv"); prices.dates.length // 7126
 */
export async function readPriceFile(path: string, options: ReadPriceFileOptions = {}): Promise<PriceFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") throw new FileNotFoundError(path, { cause: error });
    throw new FileUnreadableError(path, `cannot be read (${code ?? String(error)})`, { cause: error });
  }
  const compressed = isGzip(bytes);
  if (compressed) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch (error) {
      throw new MalformedPriceFileError({ file: path }, `not a valid gzip stream (${(error as Error).message})`, {
        cause: error,
      });
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new MalformedPriceFileError({ file: path }, "not UTF-8 text", { cause: error });
  }
  const parsed = parsePriceCsv(text, { source: path, duplicates: options.duplicates });
  return Object.freeze({ ...parsed, report: Object.freeze({ ...parsed.report, compressed }) });
}
