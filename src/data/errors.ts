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

/**
 * Failures of a market-data request that is not about a file: a provider that cannot be reached, a
 * ticker it does not know, a reply we cannot read, or a request (dates, tickers, options) that makes
 * no sense. The message names the provider, ticker or value.
 */
export type MarketDataErrorCode =
  | "PROVIDER_UNAVAILABLE"
  | "UNKNOWN_TICKER"
  | "INVALID_PROVIDER_RESPONSE"
  | "INVALID_DATA_REQUEST";

export class MarketDataError extends Error {
  readonly code: MarketDataErrorCode;
  /** The provider's display name ("Yahoo Finance", "Stooq"…), when a provider was involved. */
  readonly provider: string | undefined;
  readonly ticker: string | undefined;

  constructor(
    code: MarketDataErrorCode,
    message: string,
    fields: { provider?: string; ticker?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.provider = fields.provider;
    this.ticker = fields.ticker;
  }
}

/**
 * No provider could be reached (network down, DNS, refused, timed out, 5xx or 429 after the retries).
 * `provider` lists every provider tried, joined with " or ".
 */
export class ProviderUnavailableError extends MarketDataError {
  /** How many requests were made before giving up (all providers together). */
  readonly attempts: number;

  constructor(providers: readonly string[], reason: string, fields: { ticker?: string; attempts: number }, options?: { cause?: unknown }) {
    const names = providers.join(" or ");
    super("PROVIDER_UNAVAILABLE", `could not reach ${names} (offline?): ${reason}`, { provider: names, ticker: fields.ticker }, options);
    this.attempts = fields.attempts;
  }
}

/** The provider answered that it has no such ticker (HTTP 404, or its "no data" reply). */
export class UnknownTickerError extends MarketDataError {
  constructor(provider: string, ticker: string, detail?: string, options?: { cause?: unknown }) {
    super("UNKNOWN_TICKER", `${provider} does not know ticker ${ticker}${detail ? ` (${detail})` : ""}`, { provider, ticker }, options);
  }
}

/** The provider answered, but not with something we can read as daily prices. */
export class InvalidProviderResponseError extends MarketDataError {
  constructor(provider: string, ticker: string, problem: string, options?: { cause?: unknown }) {
    super("INVALID_PROVIDER_RESPONSE", `${provider} sent an unreadable reply for ${ticker}: ${problem}`, { provider, ticker }, options);
  }
}

/** A market-data request that cannot be carried out as asked: a bad date, start after end, no tickers… */
export class InvalidDataRequestError extends MarketDataError {
  constructor(message: string, fields: { ticker?: string } = {}) {
    super("INVALID_DATA_REQUEST", message, fields);
  }
}
