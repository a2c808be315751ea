/**
 * The service layer's error catalogue: mistakes in a request that only the service can see (a ticker
 * missing from the price data, a date range with no data). Same shape as the core's errors: a stable
 * `code`, a message naming the offending value, structured `details`.
 */
export type ServiceErrorCode = "UNKNOWN_ASSET" | "EMPTY_SELECTION" | "INVALID_REQUEST"
  | "TOO_MANY_ASSETS" | "ASSET_NOT_FOUND" | "RESULT_NOT_FOUND" | "API_KEY_NOT_FOUND" | "JOB_NOT_FINISHED";

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

/** A request naming more assets than the service accepts in one go (MAX_ASSETS). */
export class TooManyAssetsError extends ServiceError {
  constructor(count: number, max: number) {
    super("TOO_MANY_ASSETS", `${count} assets requested; at most ${max} are accepted per request`, { count, max });
  }
}

/** An asset asked for by name (a price history) that the store does not have. */
export class AssetNotFoundError extends ServiceError {
  constructor(ticker: string) {
    super("ASSET_NOT_FOUND", `no prices stored for ticker '${ticker}'`, { ticker });
  }
}

/** No stored run (optimization or backtest) with that id. */
export class ResultNotFoundError extends ServiceError {
  constructor(kind: string, id: number | string) {
    super("RESULT_NOT_FOUND", `no stored ${kind} result with id ${id}`, { kind, id });
  }
}

/** No API key with that id. */
export class ApiKeyNotFoundError extends ServiceError {
  constructor(id: number) {
    super("API_KEY_NOT_FOUND", `no API key with id ${id}`, { id });
  }
}

/** A job's result was asked for before the job succeeded. */
export class JobNotFinishedError extends ServiceError {
  constructor(id: number, status: string) {
    super("JOB_NOT_FINISHED", `job ${id} is ${status}; its result exists once it has succeeded`, { id, status });
  }
}
