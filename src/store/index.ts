/**
 * The store's public surface: opening a database, migrations, one repository per aggregate, run
 * provenance (panel hash), backup and restore. Everything not listed here is private to src/store.
 */
export { openDatabase, type Dialect, type OpenDatabaseOptions, type PostgresStore, type SqliteStore, type Store } from "./database.js";
export { DEFAULT_DATABASE_URL, parseDatabaseUrl, redactUrl, type DatabaseTarget } from "./database-url.js";
export { StoreError, type StoreErrorCode } from "./errors.js";
export { LATEST_SCHEMA_VERSION, migrateToLatest, schemaVersion, type MigrationReport } from "./migrate.js";
export type { Database } from "./schema.js";
export type { Clock } from "./clock.js";
export type { JsonValue } from "./json-column.js";
export {
  createPriceRepository,
  type AssetRow,
  type AssetSummary,
  type DateRange,
  type ExportCsvOptions,
  type LoadPanelOptions,
  type PriceField,
  type PriceRepository,
  type PriceRepositoryOptions,
  type PriceRow,
  type UpsertResult,
} from "./price-repository.js";
export {
  createPortfolioRepository,
  type NewPortfolio,
  type Portfolio,
  type PortfolioPatch,
  type PortfolioRepository,
} from "./portfolio-repository.js";
export {
  createResultRepository,
  type BacktestRun,
  type ListRunsOptions,
  type NewBacktestRun,
  type NewOptimizationRun,
  type OptimizationRun,
  type ResultRepository,
} from "./result-repository.js";
export {
  createJobRepository,
  JOB_STATUSES,
  type Job,
  type JobError,
  type JobPatch,
  type JobRepository,
  type JobStatus,
  type ListJobsOptions,
  type NewJob,
} from "./job-repository.js";
export { panelHash } from "./panel-hash.js";
export {
  backupDatabase,
  defaultBackupFile,
  defaultBackupFormat,
  type BackupFormat,
  type BackupOptions,
  type BackupReport,
} from "./backup.js";
export { restoreDatabase, type RestoreOptions, type RestoreReport } from "./restore.js";
export {
  createApiKeyRepository,
  type ApiKey,
  type ApiKeyRepository,
  type NewApiKey,
  type StoredApiKey,
} from "./api-key-repository.js";
export type { ListSummariesOptions, RunSummary } from "./result-repository.js";
