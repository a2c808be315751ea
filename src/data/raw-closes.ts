/**
 * The unadjusted `close` column of a long price file that also has an adjusted close. `parsePriceCsv`
 * reads the adjusted column (returns need it); the store keeps both, so the importer reads the raw
 * one here, pivoted the same way (same dates, same ticker order) and checked with the same rules.
 */
import { parse } from "csv-parse/sync";
import type { PricePanelInput } from "../core/returns/index.js";
import { longLayout, readLongPrices } from "./long-price-table.js";
import type { CsvRow } from "./price-cells.js";

function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, "");
}

/**
 * The raw closes of a long file whose price column is an adjusted close, or `undefined` when the file
 * is wide, or long with one price column only. Call it on text that `parsePriceCsv` has accepted:
 * syntax errors were reported there.
 */
export function readRawCloses(text: string, source: string): PricePanelInput | undefined {
  const records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  if (records.length === 0) return undefined;
  // Line numbers only matter for messages, which parsePriceCsv has already produced for this text.
  const rows: CsvRow[] = records.map(({ record, info }) => ({ fields: record, line: info.lines }));
  const [header, ...body] = rows;
  const layout = longLayout(header, source);
  if (layout === undefined) return undefined;
  const close = header.fields.findIndex((name) => normalise(name) === "close");
  if (close < 0 || close === layout.price) return undefined;
  return readLongPrices(header, body, { ...layout, price: close }, source, "keepLast").input;
}
