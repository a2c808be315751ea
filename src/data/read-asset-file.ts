/**
 * Asset descriptions from a CSV: a header with `ticker` and any of `name`, `sector`, `currency`,
 * `exchange` (any case, any order; other columns ignored), then one row per ticker. A blank cell
 * leaves that field as the store has it.
 */
import { parse } from "csv-parse/sync";
import { MalformedFileError } from "./errors.js";
import type { AssetRow } from "./price-store.js";
import { readLocalFile } from "./read-local-file.js";

const FIELDS = ["name", "sector", "currency", "exchange"] as const;

/** Parses asset CSV text; `source` names it in errors. */
export function parseAssetCsv(text: string, source: string): AssetRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    throw new MalformedFileError({ file: source, line: e.lines }, `not a CSV file (${e.message ?? String(error)})`, { cause: error });
  }
  if (records.length === 0) throw new MalformedFileError({ file: source }, "empty; expected a header with ticker,name,sector,currency,exchange");
  const header = records[0].record.map((h) => h.toLowerCase());
  const tickerAt = header.indexOf("ticker");
  if (tickerAt < 0) throw new MalformedFileError({ file: source, line: records[0].info.lines }, "the header has no 'ticker' column");
  const seen = new Map<string, number>();
  return records.slice(1).map(({ record, info }) => {
    const line = info.lines;
    if (record.length !== header.length) {
      throw new MalformedFileError({ file: source, line, column: Math.min(record.length, header.length) + 1 }, `${record.length} fields where the header has ${header.length}`);
    }
    const ticker = record[tickerAt];
    if (ticker === "") throw new MalformedFileError({ file: source, line, column: tickerAt + 1, columnName: "ticker" }, "empty ticker");
    const first = seen.get(ticker);
    if (first !== undefined) {
      throw new MalformedFileError({ file: source, line, column: tickerAt + 1, columnName: "ticker" }, `${ticker} is listed twice (first on line ${first})`);
    }
    seen.set(ticker, line);
    const asset: { -readonly [K in keyof AssetRow]: AssetRow[K] } = { ticker };
    for (const field of FIELDS) {
      const at = header.indexOf(field);
      if (at >= 0 && record[at] !== "") asset[field] = record[at];
    }
    return asset;
  });
}

/** Reads an asset CSV (see the file header). */
export async function readAssetFile(path: string): Promise<AssetRow[]> {
  const text = (await readLocalFile(path)).toString("utf8");
  return parseAssetCsv(text, path);
}
