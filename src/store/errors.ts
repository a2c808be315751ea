/**
 * The store's error catalogue: each failure has a stable `code` (the CLI maps it to exit 2, the API
 * to a status), a message naming the offending value, and structured `details`. Messages never
 * contain a database password.
 */
export type StoreErrorCode =
  | "INVALID_DATABASE_URL"
  | "DATABASE_UNAVAILABLE"
  | "MIGRATION_FAILED"
  | "INVALID_PRICE_ROW"
  | "INVALID_RECORD"
  | "INVALID_QUERY"
  | "DUPLICATE_PORTFOLIO"
  | "PORTFOLIO_NOT_FOUND"
  | "JOB_NOT_FOUND"
  | "TARGET_NOT_EMPTY"
  | "BACKUP_FILE_EXISTS"
  | "BACKUP_UNREADABLE"
  | "BACKUP_SCHEMA_MISMATCH";

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: StoreErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/** True when `error` is the database refusing a duplicate key (PostgreSQL 23505, SQLite UNIQUE/PRIMARY KEY). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
