/**
 * Run records: every optimization and backtest result is stored with what it takes to run it again
 * and compare — the full request (`parameters`, the same spec the API and the job carried), the
 * program version, and the hash of the exact price panel used (`panelHash`).
 */
import type { Selectable } from "kysely";
import { systemClock, timestamp, type Clock } from "./clock.js";
import type { Store } from "./database.js";
import { StoreError } from "./errors.js";
import { fromJsonText, toJsonText, type JsonValue } from "./json-column.js";
import type { BacktestResultsTable, OptimizationResultsTable } from "./schema.js";

interface RunProvenance {
  /** The portfolio the run belongs to, if any. */
  readonly portfolioId: number | null;
  /** The full request spec, enough to run it again. */
  readonly parameters: JsonValue;
  readonly programVersion: string;
  /** `panelHash(panel)` of the prices the run used. */
  readonly panelHash: string;
}

export interface OptimizationRun extends RunProvenance {
  readonly id: number;
  readonly model: string;
  /** Ticker → weight. */
  readonly weights: Readonly<Record<string, number>>;
  /** Named measures; a non-finite value is stored as null. */
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly createdAt: string;
}

export interface BacktestRun extends RunProvenance {
  readonly id: number;
  readonly sharpe: number | null;
  readonly maxDrawdown: number | null;
  readonly winRate: number | null;
  readonly metrics: Readonly<Record<string, JsonValue>>;
  /** Equity curve, weights over time… as the backtester reports them. */
  readonly series: JsonValue;
  readonly createdAt: string;
}

type New<T> = Omit<T, "id" | "createdAt" | "portfolioId"> & { readonly portfolioId?: number | null };
export type NewOptimizationRun = New<OptimizationRun>;
export type NewBacktestRun = New<BacktestRun>;

export interface ListRunsOptions {
  /** Only this portfolio's runs. */
  readonly portfolioId?: number;
  /** At most this many (default 100). */
  readonly limit?: number;
  /** Only runs created strictly before this ISO timestamp (a page's cursor: its last `createdAt`). */
  readonly before?: string;
}

/** What a history list shows of a run: no weights, series or request, so a page stays small. */
export interface RunSummary {
  readonly id: number;
  readonly kind: "optimization" | "backtest";
  readonly portfolioId: number | null;
  /** An optimization's model; a backtest's models joined with ", ". */
  readonly model: string;
  /** An optimization's model alone; each model a backtest compared, in order. */
  readonly models: readonly string[];
  /** An optimization's stored metrics; a backtest's headline measures (sharpe, maxDrawdown, winRate). */
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly createdAt: string;
}

export interface ListSummariesOptions extends ListRunsOptions {
  /** Only this kind of run (default both, merged newest first). */
  readonly kind?: RunSummary["kind"];
}

export interface ResultRepository {
  /** @throws PORTFOLIO_NOT_FOUND when `portfolioId` names no portfolio; INVALID_RECORD. */
  saveOptimization(run: NewOptimizationRun): Promise<OptimizationRun>;
  getOptimization(id: number): Promise<OptimizationRun | null>;
  /** Newest first. */
  listOptimizations(options?: ListRunsOptions): Promise<OptimizationRun[]>;
  saveBacktest(run: NewBacktestRun): Promise<BacktestRun>;
  getBacktest(id: number): Promise<BacktestRun | null>;
  listBacktests(options?: ListRunsOptions): Promise<BacktestRun[]>;
  /** Both kinds (or one), newest first, across portfolios unless `portfolioId` is given. */
  listSummaries(options?: ListSummariesOptions): Promise<RunSummary[]>;
  /** Whether a run was there to delete. */
  deleteOptimization(id: number): Promise<boolean>;
  deleteBacktest(id: number): Promise<boolean>;
}

function checkProvenance(run: Pick<RunProvenance, "programVersion" | "panelHash">): void {
  for (const field of ["programVersion", "panelHash"] as const) {
    if (typeof run[field] !== "string" || run[field] === "") {
      throw new StoreError("INVALID_RECORD", `a run record needs ${field} (got ${JSON.stringify(run[field])})`, { field });
    }
  }
}

// A double stays a double in the table (SQLite REAL / double precision); NaN has no place there.
const finiteOrNull = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : value);

function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

async function linked<T>(portfolioId: number | null, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new StoreError("PORTFOLIO_NOT_FOUND", `no portfolio with id ${portfolioId}`, { id: portfolioId }, { cause: error });
    }
    throw error;
  }
}

function toOptimization(row: Selectable<OptimizationResultsTable>): OptimizationRun {
  return Object.freeze({
    id: row.id,
    portfolioId: row.portfolio_id,
    model: row.model,
    parameters: fromJsonText(row.parameters),
    weights: fromJsonText<Record<string, number>>(row.weights),
    metrics: fromJsonText<Record<string, number | null>>(row.metrics),
    programVersion: row.program_version,
    panelHash: row.panel_hash,
    createdAt: row.created_at,
  });
}

function toBacktest(row: Selectable<BacktestResultsTable>): BacktestRun {
  return Object.freeze({
    id: row.id,
    portfolioId: row.portfolio_id,
    parameters: fromJsonText(row.parameters),
    sharpe: row.sharpe,
    maxDrawdown: row.max_drawdown,
    winRate: row.win_rate,
    metrics: fromJsonText<Record<string, JsonValue>>(row.metrics),
    series: fromJsonText(row.series),
    programVersion: row.program_version,
    panelHash: row.panel_hash,
    createdAt: row.created_at,
  });
}

/** The model names a stored backtest request compared: `{ name?, model }` entries or bare models. */
function backtestModels(parameters: JsonValue): string[] {
  const models = (parameters as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return [];
  return models.map((entry: { name?: unknown; kind?: unknown; model?: { kind?: unknown } }) => {
    const name = entry?.name ?? entry?.model?.kind ?? entry?.kind;
    return typeof name === "string" ? name : "unknown";
  });
}

/** Newest first; the id breaks ties between runs stored in the same millisecond. */
const newestFirst = (a: RunSummary, b: RunSummary): number =>
  a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1;

export function createResultRepository(store: Store, options: { readonly clock?: Clock } = {}): ResultRepository {
  const { db } = store;
  const clock = options.clock ?? systemClock;
  const limitOf = (o: ListRunsOptions): number => Math.max(1, Math.floor(o.limit ?? 100));

  return {
    async saveOptimization(run) {
      checkProvenance(run);
      const portfolioId = run.portfolioId ?? null;
      const row = await linked(portfolioId, () =>
        db
          .insertInto("optimization_results")
          .values({
            portfolio_id: portfolioId,
            model: run.model,
            parameters: toJsonText(run.parameters, "parameters"),
            weights: toJsonText(run.weights, "weights"),
            metrics: toJsonText(run.metrics, "metrics"),
            program_version: run.programVersion,
            panel_hash: run.panelHash,
            created_at: timestamp(clock),
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return toOptimization(row);
    },

    async getOptimization(id) {
      const row = await db.selectFrom("optimization_results").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? null : toOptimization(row);
    },

    async listOptimizations(o = {}) {
      let query = db.selectFrom("optimization_results").selectAll();
      if (o.portfolioId !== undefined) query = query.where("portfolio_id", "=", o.portfolioId);
      if (o.before !== undefined) query = query.where("created_at", "<", o.before);
      // id breaks ties between runs stored in the same millisecond.
      const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limitOf(o)).execute();
      return rows.map(toOptimization);
    },

    async saveBacktest(run) {
      checkProvenance(run);
      const portfolioId = run.portfolioId ?? null;
      const row = await linked(portfolioId, () =>
        db
          .insertInto("backtest_results")
          .values({
            portfolio_id: portfolioId,
            parameters: toJsonText(run.parameters, "parameters"),
            sharpe: finiteOrNull(run.sharpe),
            max_drawdown: finiteOrNull(run.maxDrawdown),
            win_rate: finiteOrNull(run.winRate),
            metrics: toJsonText(run.metrics, "metrics"),
            series: toJsonText(run.series, "series"),
            program_version: run.programVersion,
            panel_hash: run.panelHash,
            created_at: timestamp(clock),
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return toBacktest(row);
    },

    async getBacktest(id) {
      const row = await db.selectFrom("backtest_results").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? null : toBacktest(row);
    },

    async listBacktests(o = {}) {
      let query = db.selectFrom("backtest_results").selectAll();
      if (o.portfolioId !== undefined) query = query.where("portfolio_id", "=", o.portfolioId);
      if (o.before !== undefined) query = query.where("created_at", "<", o.before);
      const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limitOf(o)).execute();
      return rows.map(toBacktest);
    },

    async listSummaries(o = {}) {
      const limit = limitOf(o);
      const summaries: RunSummary[] = [];
      if (o.kind !== "backtest") {
        let query = db.selectFrom("optimization_results").select(["id", "portfolio_id", "model", "metrics", "created_at"]);
        if (o.portfolioId !== undefined) query = query.where("portfolio_id", "=", o.portfolioId);
        if (o.before !== undefined) query = query.where("created_at", "<", o.before);
        const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
        for (const row of rows) {
          summaries.push({
            id: row.id,
            kind: "optimization",
            portfolioId: row.portfolio_id,
            model: row.model,
            models: [row.model],
            metrics: fromJsonText<Record<string, number | null>>(row.metrics),
            createdAt: row.created_at,
          });
        }
      }
      if (o.kind !== "optimization") {
        // The series (equity curves, weights over time) is the bulk of a backtest row: not read here.
        let query = db.selectFrom("backtest_results").select(["id", "portfolio_id", "parameters", "sharpe", "max_drawdown", "win_rate", "created_at"]);
        if (o.portfolioId !== undefined) query = query.where("portfolio_id", "=", o.portfolioId);
        if (o.before !== undefined) query = query.where("created_at", "<", o.before);
        const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
        for (const row of rows) {
          const models = backtestModels(fromJsonText(row.parameters));
          summaries.push({
            id: row.id,
            kind: "backtest",
            portfolioId: row.portfolio_id,
            model: models.join(", "),
            models,
            metrics: { sharpe: row.sharpe, maxDrawdown: row.max_drawdown, winRate: row.win_rate },
            createdAt: row.created_at,
          });
        }
      }
      return summaries.sort(newestFirst).slice(0, limit).map((s) => Object.freeze(s));
    },

    async deleteOptimization(id) {
      const result = await db.deleteFrom("optimization_results").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async deleteBacktest(id) {
      const result = await db.deleteFrom("backtest_results").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
