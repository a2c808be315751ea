/**
 * The tables a backup carries, parents before children (the order a restore inserts them), each
 * with its columns in a fixed order and the key that orders its rows. Kysely's own migration
 * tables are not copied: a restore migrates its target itself.
 */
export interface TableSpec {
  readonly name: "assets" | "prices" | "portfolios" | "optimization_results" | "backtest_results" | "jobs" | "api_keys";
  readonly columns: readonly string[];
  readonly key: readonly string[];
  /** An identity / autoincrement `id` whose sequence a restore must move past the copied ids. */
  readonly identity: boolean;
}

export const TABLES: readonly TableSpec[] = Object.freeze([
  { name: "assets", columns: ["ticker", "name", "currency", "exchange", "sector"], key: ["ticker"], identity: false },
  { name: "prices", columns: ["ticker", "date", "close", "adjusted_close", "volume"], key: ["ticker", "date"], identity: false },
  {
    name: "portfolios",
    columns: ["id", "name", "tickers", "constraints", "notes", "created_at", "updated_at"],
    key: ["id"],
    identity: true,
  },
  {
    name: "optimization_results",
    columns: ["id", "portfolio_id", "model", "parameters", "weights", "metrics", "program_version", "panel_hash", "created_at"],
    key: ["id"],
    identity: true,
  },
  {
    name: "backtest_results",
    columns: [
      "id",
      "portfolio_id",
      "parameters",
      "sharpe",
      "max_drawdown",
      "win_rate",
      "metrics",
      "series",
      "program_version",
      "panel_hash",
      "created_at",
    ],
    key: ["id"],
    identity: true,
  },
  {
    name: "jobs",
    columns: [
      "id",
      "kind",
      "status",
      "progress",
      "parameters",
      "result_ref",
      "error",
      "attempts",
      "created_at",
      "updated_at",
      "started_at",
      "finished_at",
      "idempotency_key",
      "cancel_requested",
      "max_attempts",
      "timeout_ms",
    ],
    key: ["id"],
    identity: true,
  },
  {
    name: "api_keys",
    columns: ["id", "name", "prefix", "key_hash", "created_at", "revoked_at", "last_used_at"],
    key: ["id"],
    identity: true,
  },
] as const satisfies readonly TableSpec[]);

export type TableRow = readonly unknown[];
