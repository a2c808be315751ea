/**
 * The one table from domain error codes (src/core, src/data, src/store, src/service catalogues) to
 * HTTP statuses, as Fastify keeps one error-status list. The domain never mentions HTTP; this file
 * is the only place that does. How a status is chosen:
 * - 400: the request itself is malformed in a way only the domain can see (a constraint text that
 *   does not parse, an uploaded CSV that is not a price table);
 * - 404: the resource named in the URL or body does not exist;
 * - 409: the request conflicts with the current state (a duplicate name, a job not finished yet);
 * - 413: too large for the server to take;
 * - 422: well-formed but impossible with this data (unknown tickers, too little history,
 *   infeasible constraints, a target out of reach);
 * - 503/502: a dependency of ours (database, market-data provider) failed: the client may retry.
 * A code not in the table is a bug: answered 500 with a generic body and logged.
 */
import type { CoreErrorCode } from "../core/errors.js";
import type { DataErrorCode, MarketDataErrorCode } from "../data/index.js";
import type { JobRunErrorCode } from "../jobs/index.js";
import type { ServiceErrorCode } from "../service/errors.js";
import type { StoreErrorCode } from "../store/index.js";

export interface StatusEntry {
  readonly status: number;
  readonly title: string;
}

type DomainCode = CoreErrorCode | DataErrorCode | MarketDataErrorCode | StoreErrorCode | ServiceErrorCode | JobRunErrorCode;

const entry = (status: number, title: string): StatusEntry => Object.freeze({ status, title });

/** Every domain code: `satisfies` makes a code added to a catalogue without a status a type error. */
export const ERROR_STATUS = Object.freeze({
  // src/core/errors.ts
  INVALID_INPUT: entry(422, "Invalid input"),
  SHAPE_MISMATCH: entry(422, "Shape mismatch"),
  NON_FINITE_VALUE: entry(422, "Non-finite value"),
  INSUFFICIENT_HISTORY: entry(422, "Insufficient history"),
  DUPLICATE_DATE: entry(422, "Duplicate date"),
  NOT_POSITIVE_DEFINITE: entry(422, "Covariance not positive definite"),
  NOT_SYMMETRIC: entry(422, "Matrix not symmetric"),
  SINGULAR_MATRIX: entry(422, "Singular matrix"),
  NO_CONVERGENCE: entry(422, "No convergence"),
  INFEASIBLE_CONSTRAINTS: entry(422, "Infeasible constraints"),
  UNBOUNDED_PROBLEM: entry(422, "Unbounded problem"),
  CONSTRAINT_SYNTAX: entry(400, "Constraint syntax error"),
  TARGET_OUT_OF_RANGE: entry(422, "Target out of range"),
  MAX_SHARPE_UNDEFINED: entry(422, "Maximum Sharpe ratio undefined"),
  INSUFFICIENT_FUNDS: entry(422, "Insufficient funds"),
  CANCELLED: entry(409, "Cancelled"),
  // src/data/errors.ts
  FILE_NOT_FOUND: entry(404, "File not found"),
  FILE_UNREADABLE: entry(422, "File unreadable"),
  MALFORMED_PRICE_FILE: entry(400, "Malformed price data"),
  MALFORMED_FILE: entry(400, "Malformed file"),
  PROVIDER_UNAVAILABLE: entry(503, "Market-data provider unavailable"),
  UNKNOWN_TICKER: entry(422, "Ticker unknown to the provider"),
  INVALID_PROVIDER_RESPONSE: entry(502, "Unreadable market-data reply"),
  INVALID_DATA_REQUEST: entry(422, "Invalid market-data request"),
  // src/store/errors.ts
  INVALID_DATABASE_URL: entry(500, "Server misconfigured"),
  DATABASE_UNAVAILABLE: entry(503, "Database unavailable"),
  MIGRATION_FAILED: entry(500, "Server misconfigured"),
  INVALID_PRICE_ROW: entry(422, "Invalid price row"),
  INVALID_RECORD: entry(422, "Invalid record"),
  INVALID_QUERY: entry(400, "Invalid query"),
  DUPLICATE_PORTFOLIO: entry(409, "Duplicate portfolio"),
  PORTFOLIO_NOT_FOUND: entry(404, "Portfolio not found"),
  JOB_NOT_FOUND: entry(404, "Job not found"),
  TARGET_NOT_EMPTY: entry(409, "Target database not empty"),
  BACKUP_FILE_EXISTS: entry(409, "Backup file exists"),
  BACKUP_UNREADABLE: entry(422, "Backup unreadable"),
  BACKUP_SCHEMA_MISMATCH: entry(422, "Backup schema mismatch"),
  // src/service/errors.ts
  UNKNOWN_ASSET: entry(422, "Unknown asset"),
  EMPTY_SELECTION: entry(422, "Empty selection"),
  INVALID_REQUEST: entry(422, "Invalid request"),
  TOO_MANY_ASSETS: entry(422, "Too many assets"),
  ASSET_NOT_FOUND: entry(404, "Asset not found"),
  RESULT_NOT_FOUND: entry(404, "Result not found"),
  API_KEY_NOT_FOUND: entry(404, "API key not found"),
  JOB_NOT_FINISHED: entry(409, "Job not finished"),
  // src/jobs/job-errors.ts: outcomes recorded on jobs; here only if a runner throws one at a request
  UNKNOWN_JOB_KIND: entry(422, "Unknown job kind"),
  JOB_TIMEOUT: entry(409, "Job timed out"),
  JOB_CANCELLED: entry(409, "Job cancelled"),
  JOB_INTERRUPTED: entry(409, "Job interrupted"),
  REDIS_DRIVER_MISSING: entry(503, "Job queue unavailable"),
  INTERNAL_ERROR: entry(500, "Internal server error"),
} satisfies Record<DomainCode, StatusEntry>);

/**
 * Codes of the HTTP layer itself (Fastify, its plugins, our auth), for requests that never reach
 * a service.
 */
export const HTTP_ERROR_STATUS: Readonly<Record<string, StatusEntry>> = Object.freeze({
  VALIDATION_FAILED: entry(400, "Invalid request"),
  MALFORMED_JSON: entry(400, "Malformed JSON"),
  BAD_REQUEST: entry(400, "Bad request"),
  UNAUTHORIZED: entry(401, "Authentication required"),
  FORBIDDEN: entry(403, "Forbidden"),
  NOT_FOUND: entry(404, "Not found"),
  METHOD_NOT_ALLOWED: entry(405, "Method not allowed"),
  REQUEST_TIMEOUT: entry(408, "Request timeout"),
  BODY_TOO_LARGE: entry(413, "Request body too large"),
  UNSUPPORTED_MEDIA_TYPE: entry(415, "Unsupported media type"),
  RATE_LIMITED: entry(429, "Too many requests"),
  INTERNAL_ERROR: entry(500, "Internal server error"),
});

/** The status entry of a domain code, or undefined for a code we do not know (a bug). */
export function statusOfCode(code: string): StatusEntry | undefined {
  return Object.hasOwn(ERROR_STATUS, code) ? (ERROR_STATUS as Readonly<Record<string, StatusEntry>>)[code] : undefined;
}

/** `TARGET_OUT_OF_RANGE` → `urn:portfolio-opt:problem:target-out-of-range` (RFC 9457 `type`). */
export function problemType(code: string): string {
  return `urn:portfolio-opt:problem:${code.toLowerCase().replace(/_/g, "-")}`;
}
