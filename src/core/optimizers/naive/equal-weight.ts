/** The equal-weight (1/N) portfolio, brought inside the constraints when a limit binds. */
import { InvalidInputError } from "../../errors.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";
import type { NaiveAllocation } from "./naive-allocation.js";
import { checkAllocatorConstraints, projectToConstraints } from "./project-to-constraints.js";

/**
 * Equal weights `budget/N` on `nAssets` assets.
 *
 * With constraints (bounds, groups, linear rows, gross leverage, turnover): the closest feasible
 * portfolio in relative distance (`projectToConstraints`); with bounds only, every asset whose bound
 * does not bind keeps the same weight. `projection` says which happened.
 *
 * Reference: DeMiguel, Garlappi & Uppal (2009), "Optimal versus naive diversification", RFS 22(5).
 * @throws InvalidInputError for fewer than one asset or an unsupported constraint field;
 *   InfeasibleProblemError when the constraints admit no portfolio.
 * @example equalWeight(4).weights // [0.25, 0.25, 0.25, 0.25]
 */
export function equalWeight(nAssets: number, constraints: PortfolioConstraints = {}): NaiveAllocation {
  if (!Number.isInteger(nAssets) || nAssets < 1) {
    throw new InvalidInputError(`equalWeight needs at least one asset, got ${nAssets}`, { nAssets });
  }
  checkAllocatorConstraints(constraints, "equalWeight");
  const target = new Float64Array(nAssets).fill((constraints.budget ?? 1) / nAssets);
  const { weights, projection } = projectToConstraints(target, constraints);
  return Object.freeze({ model: Object.freeze({ kind: "equalWeight" as const }), weights, projection });
}
