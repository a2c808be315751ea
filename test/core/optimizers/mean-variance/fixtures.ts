/**
 * Test support for the mean-variance models: the reference inputs of both data views (μ from the
 * optimizer files, Σ from covariance.json) and PyPortfolioOpt's performance facts.
 */
import assert from "node:assert/strict";
import type { SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import { CoreError } from "../../../../src/core/errors.js";
import type { PortfolioOptimum } from "../../../../src/core/optimizers/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { pypfoptFact, referenceJson } from "../../../support/reference.js";

export interface ReferencePortfolio {
  readonly weights: Record<string, number>;
  readonly performance: { expected_return: number; volatility: number; sharpe: number };
  readonly objective_variance?: number;
  readonly objective_sharpe?: number;
  readonly objective_return?: number;
}

export interface OptimizerReference {
  readonly tickers: string[];
  readonly mu: Record<string, number>;
  readonly min_variance: ReferencePortfolio;
  readonly max_sharpe: ReferencePortfolio;
  readonly efficient_risk: ReferencePortfolio & { target_volatility: number };
  readonly efficient_return: ReferencePortfolio & { target_return: number };
  readonly efficient_frontier: { description: string; points: (ReferencePortfolio & { expected_return: number; volatility: number; sharpe: number })[] };
  readonly min_variance_ledoit_wolf?: ReferencePortfolio;
}

export interface View {
  readonly name: string;
  readonly reference: OptimizerReference;
  readonly mu: Float64Array;
  readonly covariance: SymmetricMatrix;
  /** Reference weights in ticker order. */
  readonly weightsOf: (p: ReferencePortfolio) => number[];
}

export function covarianceMatrix(name: string): SymmetricMatrix {
  const json = referenceJson<{ matrices: Record<string, { matrix: number[][] }> }>("expected", "covariance.json");
  const rows = json.matrices[name].matrix;
  return { size: rows.length, data: Float64Array.from(rows.flat()) };
}

const views = new Map<string, View>();
/** "full_history" (covariance `sample_full_history_pairwise`) or "common_window" (`sample_common_window`). */
export function view(name: "full_history" | "common_window"): View {
  let v = views.get(name);
  if (v === undefined) {
    const reference = referenceJson<OptimizerReference>("expected", `optimizers_${name}.json`);
    const covariance = covarianceMatrix(name === "full_history" ? "sample_full_history_pairwise" : "sample_common_window");
    const { tickers } = reference;
    v = {
      name,
      reference,
      mu: Float64Array.from(tickers, (t) => reference.mu[t]),
      covariance,
      weightsOf: (p) => tickers.map((t) => p.weights[t]),
    };
    views.set(name, v);
  }
  return v;
}

/** A PyPortfolioOpt fact's (return, volatility, Sharpe) tuple. */
export function factTuple(id: string): [number, number, number] {
  return pypfoptFact(id).value as [number, number, number];
}

export function performanceTuple(result: PortfolioOptimum, riskFreeRate = 0.02): number[] {
  const { expectedReturn, volatility } = result.performance;
  return [expectedReturn, volatility, (expectedReturn - riskFreeRate) / volatility];
}

export const KKT_BAR = 1e-9;

/** Every KKT residual of the last QP ≤ 1e-9, weights finite, summing to the budget within 1e-10. */
export function assertSound(result: PortfolioOptimum, budget = 1): void {
  for (const [name, value] of Object.entries(result.solver.kkt)) assert.ok(value <= KKT_BAR, `kkt.${name} = ${value}`);
  assert.ok(result.weights.every(Number.isFinite), "finite weights");
  const sum = result.weights.reduce((s, w) => s + w, 0);
  expectClose(sum, budget, { rtol: 0, atol: 1e-10 }, "budget");
}

/** Runs `run`, expects a CoreError with `code`; returns it for message checks. */
export function expectCode(run: () => unknown, code: string): CoreError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CoreError, `expected a CoreError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}, but it succeeded`);
}
