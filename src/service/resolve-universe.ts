/**
 * A request's universe: its own tickers and constraints, or those of the portfolio it names where it
 * gives none (a request's own win), checked against the size limit.
 */
import type { PortfolioRepository } from "../store/index.js";
import { StoreError } from "../store/index.js";
import { InvalidRequestError } from "./errors.js";
import { checkUniverseSize } from "./portfolios.js";
import type { ConstraintsRequest } from "./resolve-constraints.js";

interface UniverseFields {
  readonly portfolioId?: number;
  readonly tickers?: readonly string[];
  readonly constraints?: ConstraintsRequest;
}

/** Throws PORTFOLIO_NOT_FOUND, INVALID_REQUEST (no assets named) and TOO_MANY_ASSETS. */
export async function resolvePortfolioUniverse<S extends UniverseFields>(
  portfolios: Pick<PortfolioRepository, "get">,
  spec: S,
  maxAssets: number,
): Promise<S & { tickers: readonly string[] }> {
  let tickers = spec.tickers;
  let constraints = spec.constraints;
  if (spec.portfolioId !== undefined) {
    const portfolio = await portfolios.get(spec.portfolioId);
    if (portfolio === null) throw new StoreError("PORTFOLIO_NOT_FOUND", `no portfolio with id ${spec.portfolioId}`, { id: spec.portfolioId });
    tickers ??= portfolio.tickers;
    constraints ??= portfolio.constraints as ConstraintsRequest;
  }
  if (tickers === undefined) throw new InvalidRequestError("name the assets: give tickers or a portfolioId");
  checkUniverseSize(tickers, maxAssets);
  return { ...spec, tickers, ...(constraints === undefined ? {} : { constraints }) };
}
