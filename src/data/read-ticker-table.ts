/**
 * Small per-ticker side files that go with a price file: sector groups (`ticker,group`), weights
 * (`ticker,weight`: current holdings, a benchmark) and per-asset bounds (`ticker,lower,upper`). Each is
 * a CSV with a header row; a malformed row is an error naming the file, line and column.
 */
import { parse } from "csv-parse/sync";
import { MalformedFileError } from "./errors.js";
import { readLocalFile } from "./read-local-file.js";

export interface TableRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** A CSV with `header` (case-insensitive), optionally followed by the first columns of `optional`. */
export async function readTable(path: string, header: readonly string[], optional: readonly string[] = []): Promise<TableRow[]> {
  const text = (await readLocalFile(path)).toString("utf8");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    throw new MalformedFileError({ file: path, line: e.lines }, `not a CSV file (${e.message ?? String(error)})`);
  }
  if (records.length === 0) throw new MalformedFileError({ file: path }, `empty; expected a header ${header.join(",")}`);
  const first = records[0];
  const names = first.record.map((h) => h.toLowerCase());
  const columns = [...header, ...optional].slice(0, Math.max(header.length, names.length));
  if (names.length < header.length || names.length > columns.length || names.some((h, i) => h !== columns[i])) {
    const extra = optional.length === 0 ? "" : ` (optionally followed by ${optional.join(",")})`;
    throw new MalformedFileError(
      { file: path, line: first.info.lines },
      `header is '${first.record.join(",")}', expected '${header.join(",")}'${extra}`,
    );
  }
  const rows = records.slice(1).map(({ record, info }) => {
    if (record.length !== columns.length) {
      throw new MalformedFileError(
        { file: path, line: info.lines },
        `${record.length} fields, expected ${columns.length} (${columns.join(",")})`,
      );
    }
    if (record[0] === "") throw new MalformedFileError({ file: path, line: info.lines, column: 1, columnName: "ticker" }, "empty ticker");
    return { line: info.lines, cells: record };
  });
  if (rows.length === 0) throw new MalformedFileError({ file: path }, "has a header but no rows");
  return rows;
}

export function numberCell(path: string, row: TableRow, column: number, name: string): number {
  const text = row.cells[column];
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) {
    throw new MalformedFileError({ file: path, line: row.line, column: column + 1, columnName: name }, `'${text}' is not a number`);
  }
  return value;
}

export function rejectRepeat(path: string, row: TableRow, seen: Set<string>): void {
  const ticker = row.cells[0];
  if (seen.has(ticker)) {
    throw new MalformedFileError({ file: path, line: row.line, column: 1, columnName: "ticker" }, `ticker '${ticker}' appears twice`);
  }
  seen.add(ticker);
}

/**
 * `ticker,group` rows → the members of each group, in file order. A ticker may belong to several
 * groups (a sector and a region), one row each.
 */
export async function readGroupsFile(path: string): Promise<Record<string, string[]>> {
  const groups: Record<string, string[]> = {};
  for (const row of await readTable(path, ["ticker", "group"])) {
    const [ticker, group] = row.cells;
    if (group === "") throw new MalformedFileError({ file: path, line: row.line, column: 2, columnName: "group" }, "empty group");
    const members = (groups[group] ??= []);
    if (members.includes(ticker)) {
      throw new MalformedFileError({ file: path, line: row.line }, `ticker '${ticker}' is listed twice in group '${group}'`);
    }
    members.push(ticker);
  }
  return groups;
}

/** `ticker,weight` rows → weights by ticker (current holdings, a benchmark, market caps…). */
export async function readWeightsFile(path: string): Promise<Record<string, number>> {
  const weights: Record<string, number> = {};
  const seen = new Set<string>();
  for (const row of await readTable(path, ["ticker", "weight"])) {
    rejectRepeat(path, row, seen);
    weights[row.cells[0]] = numberCell(path, row, 1, "weight");
  }
  return weights;
}

/** `ticker,lower,upper` rows → per-asset weight bounds. */
export async function readBoundsFile(path: string): Promise<Record<string, [number, number]>> {
  const bounds: Record<string, [number, number]> = {};
  const seen = new Set<string>();
  for (const row of await readTable(path, ["ticker", "lower", "upper"])) {
    rejectRepeat(path, row, seen);
    bounds[row.cells[0]] = [numberCell(path, row, 1, "lower"), numberCell(path, row, 2, "upper")];
  }
  return bounds;
}
