/**
 * Portfolios: a named universe of tickers with its constraints (kept as the JSON document the
 * service uses) and notes. Names are unique; creating a second portfolio of the same name is a
 * DUPLICATE_PORTFOLIO error, not a silent overwrite.
 */
import type { Selectable, Updateable } from "kysely";
import { systemClock, timestamp, type Clock } from "./clock.js";
import type { Store } from "./database.js";
import { isUniqueViolation, StoreError } from "./errors.js";
import { fromJsonText, toJsonText, type JsonValue } from "./json-column.js";
import type { PortfoliosTable } from "./schema.js";

export interface Portfolio {
  readonly id: number;
  readonly name: string;
  readonly tickers: readonly string[];
  readonly constraints: JsonValue;
  readonly notes: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewPortfolio {
  readonly name: string;
  readonly tickers: readonly string[];
  /** Default `{}`. */
  readonly constraints?: JsonValue;
  readonly notes?: string | null;
}

export type PortfolioPatch = Partial<NewPortfolio>;

export interface PortfolioRepository {
  create(portfolio: NewPortfolio): Promise<Portfolio>;
  get(id: number): Promise<Portfolio | null>;
  getByName(name: string): Promise<Portfolio | null>;
  /** All portfolios by name. */
  list(): Promise<Portfolio[]>;
  /** @throws PORTFOLIO_NOT_FOUND, DUPLICATE_PORTFOLIO (renaming onto another's name). */
  update(id: number, patch: PortfolioPatch): Promise<Portfolio>;
  /** Deletes the portfolio; its stored runs are kept, unlinked. @throws PORTFOLIO_NOT_FOUND */
  delete(id: number): Promise<void>;
}

function checkName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") throw new StoreError("INVALID_RECORD", `portfolio name ${JSON.stringify(name)} is empty`, { name });
  return name;
}

function checkTickers(tickers: unknown): readonly string[] {
  if (!Array.isArray(tickers) || tickers.some((t) => typeof t !== "string" || t === "")) {
    throw new StoreError("INVALID_RECORD", "portfolio tickers must be a list of non-empty strings", { tickers });
  }
  const duplicate = tickers.find((t, i) => tickers.indexOf(t) !== i);
  if (duplicate !== undefined) throw new StoreError("INVALID_RECORD", `ticker ${duplicate} appears twice in the portfolio`, { ticker: duplicate });
  return tickers;
}

function toPortfolio(row: Selectable<PortfoliosTable>): Portfolio {
  return Object.freeze({
    id: row.id,
    name: row.name,
    tickers: Object.freeze(fromJsonText<string[]>(row.tickers)),
    constraints: fromJsonText(row.constraints),
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

function duplicate(name: string, cause: unknown): StoreError {
  return new StoreError("DUPLICATE_PORTFOLIO", `a portfolio named '${name}' already exists`, { name }, { cause });
}

function notFound(id: number): StoreError {
  return new StoreError("PORTFOLIO_NOT_FOUND", `no portfolio with id ${id}`, { id });
}

export function createPortfolioRepository(store: Store, options: { readonly clock?: Clock } = {}): PortfolioRepository {
  const { db } = store;
  const clock = options.clock ?? systemClock;

  const get = async (id: number): Promise<Portfolio | null> => {
    const row = await db.selectFrom("portfolios").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toPortfolio(row);
  };

  return {
    async create(portfolio) {
      const name = checkName(portfolio.name);
      const now = timestamp(clock);
      try {
        const row = await db
          .insertInto("portfolios")
          .values({
            name,
            tickers: toJsonText(checkTickers(portfolio.tickers), "tickers"),
            constraints: toJsonText(portfolio.constraints ?? {}, "constraints"),
            notes: portfolio.notes ?? null,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toPortfolio(row);
      } catch (error) {
        throw isUniqueViolation(error) ? duplicate(name, error) : error;
      }
    },

    get,

    async getByName(name) {
      const row = await db.selectFrom("portfolios").selectAll().where("name", "=", name).executeTakeFirst();
      return row === undefined ? null : toPortfolio(row);
    },

    async list() {
      const rows = await db.selectFrom("portfolios").selectAll().execute();
      // Sorted here: PostgreSQL's collation and SQLite's binary order would disagree.
      return rows.map(toPortfolio).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async update(id, patch) {
      const values: Updateable<PortfoliosTable> = { updated_at: timestamp(clock) };
      if (patch.name !== undefined) values.name = checkName(patch.name);
      if (patch.tickers !== undefined) values.tickers = toJsonText(checkTickers(patch.tickers), "tickers");
      if (patch.constraints !== undefined) values.constraints = toJsonText(patch.constraints, "constraints");
      if (patch.notes !== undefined) values.notes = patch.notes;
      try {
        const row = await db.updateTable("portfolios").set(values).where("id", "=", id).returningAll().executeTakeFirst();
        if (row === undefined) throw notFound(id);
        return toPortfolio(row);
      } catch (error) {
        throw isUniqueViolation(error) ? duplicate(patch.name as string, error) : error;
      }
    },

    async delete(id) {
      const result = await db.deleteFrom("portfolios").where("id", "=", id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound(id);
    },
  };
}
