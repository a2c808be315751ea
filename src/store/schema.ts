/**
 * The tables as Kysely sees them. Both engines store the same text for the same value, so a row
 * reads back identically from either and a backup moves between them without conversion:
 * - dates are ISO `YYYY-MM-DD` text and timestamps ISO-8601 UTC text with milliseconds
 *   (`2026-11-25T08:39:59.189Z`), which sort correctly as text;
 * - JSON documents are text, parsed by the repositories;
 * - numbers are IEEE doubles (SQLite REAL, PostgreSQL double precision), exact both ways;
 * - ids are 32-bit integers (PostgreSQL identity, SQLite rowid) so `pg` returns numbers, not strings.
 */
import type { Generated } from "kysely";

export interface AssetsTable {
  ticker: string;
  name: string | null;
  currency: string | null;
  exchange: string | null;
  sector: string | null;
}

export interface PricesTable {
  ticker: string;
  date: string;
  close: number;
  adjusted_close: number | null;
  volume: number | null;
}

export interface PortfoliosTable {
  id: Generated<number>;
  name: string;
  /** JSON array of tickers. */
  tickers: string;
  /** JSON document (bounds, groups… as the service spells them). */
  constraints: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface OptimizationResultsTable {
  id: Generated<number>;
  portfolio_id: number | null;
  model: string;
  /** JSON: the full request spec, enough to run it again. */
  parameters: string;
  /** JSON object ticker → weight. */
  weights: string;
  /** JSON object of named measures. */
  metrics: string;
  program_version: string;
  /** SHA-256 of the exact price panel used (see panel-hash.ts). */
  panel_hash: string;
  created_at: string;
}

export interface BacktestResultsTable {
  id: Generated<number>;
  portfolio_id: number | null;
  parameters: string;
  sharpe: number | null;
  max_drawdown: number | null;
  win_rate: number | null;
  metrics: string;
  /** JSON: equity curve, weights over time… whatever the backtester reports. */
  series: string;
  program_version: string;
  panel_hash: string;
  created_at: string;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  status: string;
  progress: number;
  parameters: string;
  result_ref: string | null;
  /** JSON `{ code, message }` of the last failure. */
  error: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** A client's key for safe resubmission; unique when set. */
  idempotency_key: string | null;
  /** 1 once a cancel was asked for; the runner holding the job stops it. */
  cancel_requested: Generated<number>;
  max_attempts: Generated<number>;
  timeout_ms: number | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  /** The public part of the key (`pk_…`), unique: finds the row. */
  prefix: string;
  /** SHA-256 hex of the whole key; the key itself is never stored. */
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface Database {
  assets: AssetsTable;
  prices: PricesTable;
  portfolios: PortfoliosTable;
  optimization_results: OptimizationResultsTable;
  backtest_results: BacktestResultsTable;
  jobs: JobsTable;
  api_keys: ApiKeysTable;
}
