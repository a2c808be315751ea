/**
 * The data layer's error catalogue: failures to read market data, each with a stable `code` for the
 * CLI and the API, and the place in the file (`file`, 1-based `line` and `column`) where a person
 * should look. The message always starts with that place, e.g.
 * `prices.csv line 17, column 4 (AAPL): 'abc' is not a number`.
 */
export type DataErrorCode = "FILE_NOT_FOUND" | "FILE_UNREADABLE" | "MALFORMED_PRICE_FILE" | "MALFORMED_FILE";

export interface DataErrorLocation {
  /** The file (or in-memory source name) as the caller gave it. */
  readonly file: string;
  /** 1-based line, when the problem has one. */
  readonly line?: number;
  /** 1-based column (field number, not character), when the problem has one. */
  readonly column?: number;
  /** The column's header (a ticker, `date`…), when known. */
  readonly columnName?: string;
}

function place(at: DataErrorLocation): string {
  let text = at.file;
  if (at.line !== undefined) text += ` line ${at.line}`;
  if (at.column !== undefined) text += `, column ${at.column}`;
  if (at.columnName !== undefined) text += ` (${at.columnName})`;
  return text;
}

export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly columnName: string | undefined;

  constructor(code: DataErrorCode, at: DataErrorLocation, problem: string, options?: { cause?: unknown }) {
    super(`${place(at)}: ${problem}`, options);
    this.name = new.target.name;
    this.code = code;
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
    this.columnName = at.columnName;
  }
}

/** The path does not exist. */
export class FileNotFoundError extends DataError {
  constructor(file: string, options?: { cause?: unknown }) {
    super("FILE_NOT_FOUND", { file }, "no such file", options);
  }
}

/** The file exists but could not be read (permissions, a directory…). */
export class FileUnreadableError extends DataError {
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super("FILE_UNREADABLE", { file }, reason, options);
  }
}

/** The content is not a price table we can read; nothing of it is returned. */
export class MalformedPriceFileError extends DataError {
  constructor(at: DataErrorLocation, problem: string, options?: { cause?: unknown }) {
    super("MALFORMED_PRICE_FILE", at, problem, options);
  }
}

/** A small side file (groups, weights, bounds) that is not in the expected layout. */
export class MalformedFileError extends DataError {
  constructor(at: DataErrorLocation, problem: string, options?: { cause?: unknown }) {
    super("MALFORMED_FILE", at, problem, options);
  }
}
