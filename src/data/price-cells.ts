/**
 * Reading one CSV cell of a price file: a date or a price. Each failure names the cell.
 */
import { isIsoDate } from "../core/returns/index.js";
import { MalformedPriceFileError, type DataErrorLocation } from "./errors.js";

/** One CSV record with the 1-based line it starts on. */
export interface CsvRow {
  readonly fields: readonly string[];
  readonly line: number;
}

// A date, optionally followed by a time (and zone), as spreadsheet and database exports write it.
// The calendar date is kept as written: a time zone is not applied, because a daily close belongs
// to its exchange's date, not to the reader's.
const DATE_CELL = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

// Plain decimal numbers only: no thousands separators, no "Infinity", no hex, no empty string
// (all of which Number() would accept or turn into 0).
const NUMBER_CELL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

// Spellings of "no price" in common exports (pandas writes "" or "NaN", R "NA", Excel "#N/A").
const MISSING_CELL = /^(?:|nan|na|n\/a|#n\/a|null)$/i;

/** The `YYYY-MM-DD` date of a cell. */
export function parseDateCell(raw: string, at: DataErrorLocation): string {
  const m = DATE_CELL.exec(raw);
  if (m === null || !isIsoDate(m[1])) {
    const problem = raw === "" ? "empty date" : `'${raw}' is not a date (expected YYYY-MM-DD, optionally with a time)`;
    throw new MalformedPriceFileError(at, problem);
  }
  return m[1];
}

/** A price > 0, or `NaN` for a missing-value marker. */
export function parsePriceCell(raw: string, at: DataErrorLocation): number {
  if (MISSING_CELL.test(raw)) return NaN;
  if (!NUMBER_CELL.test(raw)) throw new MalformedPriceFileError(at, `'${raw}' is not a number`);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new MalformedPriceFileError(at, `'${raw}' is out of range`);
  if (value <= 0) throw new MalformedPriceFileError(at, `'${raw}' is not a positive price`);
  return value;
}
