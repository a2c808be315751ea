/**
 * The service layer's error catalogue: mistakes in a request that only the service can see (a ticker
 * missing from the price data, a date range with no data). Same shape as the core's errors: a stable
 * `code`, a message naming the offending value, structured `details`.
 */
export type ServiceErrorCode = "UNKNOWN_ASSET" | "EMPTY_SELECTION" | "INVALID_REQUEST";

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ServiceErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/** A ticker asked for is not in the price data. */
export class UnknownAssetError extends ServiceError {
  constructor(ticker: string, available: readonly string[]) {
    const hint = available.length <= 30 ? `; available: ${available.join(", ")}` : ` (${available.length} available)`;
    super("UNKNOWN_ASSET", `unknown ticker '${ticker}'${hint}`, { ticker });
  }
}

/** The selection (tickers × dates) leaves nothing to estimate from. */
export class EmptySelectionError extends ServiceError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("EMPTY_SELECTION", message, details);
  }
}

/** A request that is well-formed but asks for something impossible (start after end…). */
export class InvalidRequestError extends ServiceError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INVALID_REQUEST", message, details);
  }
}
