/**
 * Use cases on portfolios: a named universe with its constraints. Before anything is stored the
 * tickers are checked against the price data and the constraints are resolved against the universe
 * (a group member that is a typo, a constraint text that does not parse), so a saved portfolio can
 * always be optimized as far as its names go.
 */
import { StoreError, type JsonValue, type Portfolio, type PortfolioRepository } from "../store/index.js";
import { InvalidRequestError, TooManyAssetsError } from "./errors.js";
import type { PriceService } from "./prices.js";
import { resolveConstraints, type ConstraintsRequest } from "./resolve-constraints.js";

export interface PortfolioInput {
  readonly name: string;
  readonly tickers: readonly string[];
  readonly constraints?: ConstraintsRequest;
  readonly notes?: string | null;
}

export type PortfolioUpdate = Partial<PortfolioInput>;

export interface PortfolioService {
  create(input: PortfolioInput): Promise<Portfolio>;
  list(): Promise<Portfolio[]>;
  /** @throws PORTFOLIO_NOT_FOUND */
  get(id: number): Promise<Portfolio>;
  /** @throws PORTFOLIO_NOT_FOUND, DUPLICATE_PORTFOLIO, and the checks of `create`. */
  update(id: number, patch: PortfolioUpdate): Promise<Portfolio>;
  /** Stored runs of the portfolio are kept, unlinked. @throws PORTFOLIO_NOT_FOUND */
  delete(id: number): Promise<void>;
}

export interface PortfolioServiceOptions {
  /** Most tickers a portfolio may hold (MAX_ASSETS). */
  readonly maxAssets?: number;
}

/** Throws TOO_MANY_ASSETS when `tickers` exceeds `max`. */
export function checkUniverseSize(tickers: readonly unknown[], max: number): void {
  if (tickers.length > max) throw new TooManyAssetsError(tickers.length, max);
}

export function createPortfolioService(
  repo: PortfolioRepository,
  prices: PriceService,
  options: PortfolioServiceOptions = {},
): PortfolioService {
  const maxAssets = options.maxAssets ?? Infinity;

  async function check(tickers: readonly string[], constraints: ConstraintsRequest): Promise<void> {
    if (tickers.length === 0) throw new InvalidRequestError("a portfolio needs at least one ticker");
    checkUniverseSize(tickers, maxAssets);
    const duplicate = tickers.find((t, i) => tickers.indexOf(t) !== i);
    if (duplicate !== undefined) throw new InvalidRequestError(`ticker ${duplicate} appears twice in the portfolio`, { ticker: duplicate });
    await prices.assertKnown(tickers);
    const known = await prices.knownTickers();
    // Resolving checks names and constraint texts only; feasibility is the optimizer's to judge.
    resolveConstraints(constraints, tickers, known);
  }

  async function get(id: number): Promise<Portfolio> {
    const portfolio = await repo.get(id);
    if (portfolio === null) throw new StoreError("PORTFOLIO_NOT_FOUND", `no portfolio with id ${id}`, { id });
    return portfolio;
  }

  return {
    async create(input) {
      await check(input.tickers, input.constraints ?? {});
      return repo.create({ name: input.name, tickers: input.tickers, constraints: (input.constraints ?? {}) as unknown as JsonValue, notes: input.notes ?? null });
    },

    list: () => repo.list(),

    get,

    async update(id, patch) {
      const current = await get(id);
      if (patch.tickers !== undefined || patch.constraints !== undefined) {
        await check(patch.tickers ?? current.tickers, patch.constraints ?? (current.constraints as ConstraintsRequest));
      }
      return repo.update(id, {
        name: patch.name,
        tickers: patch.tickers,
        constraints: patch.constraints as unknown as JsonValue | undefined,
        notes: patch.notes,
      });
    },

    delete: (id) => repo.delete(id),
  };
}
