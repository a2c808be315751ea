/**
 * Solving an LP through its dual. A scenario model (min CVaR: one row per scenario, one excess-loss
 * variable per row) has T rows and T + N columns, and the simplex method's basis is T × T. Its dual
 * has only one row per *asset*: each excess-loss variable uₜ ≥ 0 with cost c appears in a single row,
 * so its dual row `yₜ ≤ c` is merely a bound (Rockafellar & Uryasev 2000 note the dual's tail
 * probabilities qₜ ∈ [0, 1/((1 − β)T)]). With an N × N basis, HiGHS solves the N = 100, T = 2520
 * model about three times faster than the primal.
 *
 * Construction (min cᵀx, rl ≤ Ax ≤ ru, xl ≤ x ≤ xu), by Lagrangian duality:
 *
 *     max  Σ rlᵢ·yᵢᴸ + Σ ruᵢ·yᵢᵁ + Σ xlⱼ·zⱼᴸ + Σ xuⱼ·zⱼᵁ
 *     s.t. Σᵢ Aᵢⱼ·(yᵢᴸ + yᵢᵁ) + zⱼᴸ + zⱼᵁ = cⱼ   for every kept column j
 *          yᴸ, zᴸ ≥ 0 ≥ yᵁ, zᵁ   (a multiplier exists only for a finite side; an equality has one free y)
 *
 * A column whose lower bound is 0 needs no zᴸ (its row becomes `≤ cⱼ`). A singleton column (one
 * entry a in row i, bounds [0, ∞), the only such column of a one-sided or equality row) is dropped:
 * its dual row `a·yᵢ ≤ cⱼ` is a bound on yᵢ. Back in the primal, the kept columns' values are the
 * dual rows' multipliers, and a dropped column takes the cheapest value its row allows.
 */
import type { LinearProgram, LinearProgramSolution } from "./linear-program.js";
import { LinearProgramBuilder } from "./linear-program-builder.js";

export interface DualProgram {
  readonly program: LinearProgram;
  /** Maps the dual's solution (its column values and row multipliers) to the primal's. */
  readonly recover: (dual: LinearProgramSolution) => { x: Float64Array; rowDuals: Float64Array; rowActivity: Float64Array };
}

/** Row i's single dual variable (or its pair, for a ranged row). */
interface RowMultipliers {
  lower: number;
  upper: number;
}

/** Builds the dual of `p` (no integers, no Hessian). */
export function dualProgram(p: LinearProgram): DualProgram {
  const n = p.objective.length;
  const m = p.rowLower.length;
  const sign = p.sense === "maximize" ? -1 : 1;
  const c = Float64Array.from(p.objective, (v) => sign * v);
  const { starts, indices, values } = p.rows;

  // Column counts and the row of each singleton.
  const entries = new Int32Array(n);
  const rowOf = new Int32Array(n).fill(-1);
  const coefficientOf = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let k = starts[i]; k < starts[i + 1]; k++) {
      const j = indices[k];
      entries[j] += 1;
      rowOf[j] = i;
      coefficientOf[j] = values[k];
    }
  }
  const ranged = (i: number) => Number.isFinite(p.rowLower[i]) && Number.isFinite(p.rowUpper[i]) && p.rowLower[i] !== p.rowUpper[i];
  const freeRow = (i: number) => !Number.isFinite(p.rowLower[i]) && !Number.isFinite(p.rowUpper[i]);
  const eliminatedIn = new Int32Array(m).fill(-1);
  const eliminated = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const i = rowOf[j];
    if (entries[j] !== 1 || p.lower[j] !== 0 || p.upper[j] !== Infinity || ranged(i) || freeRow(i) || eliminatedIn[i] >= 0) continue;
    eliminated[j] = 1;
    eliminatedIn[i] = j;
  }

  // Dual columns: one multiplier per finite row side (one free one for an equality).
  const dual = new LinearProgramBuilder();
  const multipliers: RowMultipliers[] = [];
  for (let i = 0; i < m; i++) {
    const lo = p.rowLower[i];
    const hi = p.rowUpper[i];
    const mult: RowMultipliers = { lower: -1, upper: -1 };
    if (lo === hi) mult.lower = dual.addVariable({ cost: lo, lower: -Infinity, upper: Infinity });
    else {
      if (Number.isFinite(lo)) mult.lower = dual.addVariable({ cost: lo, lower: 0, upper: Infinity });
      if (Number.isFinite(hi)) mult.upper = dual.addVariable({ cost: hi, lower: -Infinity, upper: 0 });
    }
    const j = eliminatedIn[i];
    if (j >= 0) {
      // a·y ≤ cⱼ on the row's only multiplier.
      const v = mult.lower >= 0 ? mult.lower : mult.upper;
      const limit = c[j] / coefficientOf[j];
      const { lower, upper } = dual.boundsOf(v);
      if (coefficientOf[j] > 0) dual.setBounds(v, lower, Math.min(upper, limit));
      else dual.setBounds(v, Math.max(lower, limit), upper);
    }
    multipliers.push(mult);
  }

  // Dual rows: one per kept primal column (transpose of A restricted to kept columns).
  const keptRow = new Int32Array(n).fill(-1);
  const columnStarts = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) columnStarts[j + 1] = columnStarts[j] + entries[j];
  const fill = columnStarts.slice(0, n);
  const rowsOfColumn = new Int32Array(columnStarts[n]);
  const valuesOfColumn = new Float64Array(columnStarts[n]);
  for (let i = 0; i < m; i++) {
    for (let k = starts[i]; k < starts[i + 1]; k++) {
      const j = indices[k];
      rowsOfColumn[fill[j]] = i;
      valuesOfColumn[fill[j]++] = values[k];
    }
  }
  const rowIdx: number[] = [];
  const rowVal: number[] = [];
  for (let j = 0; j < n; j++) {
    if (eliminated[j]) continue;
    rowIdx.length = 0;
    rowVal.length = 0;
    for (let k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
      const mult = multipliers[rowsOfColumn[k]];
      if (mult.lower >= 0) {
        rowIdx.push(mult.lower);
        rowVal.push(valuesOfColumn[k]);
      }
      if (mult.upper >= 0) {
        rowIdx.push(mult.upper);
        rowVal.push(valuesOfColumn[k]);
      }
    }
    const xl = p.lower[j];
    const xu = p.upper[j];
    // zᴸ (cost xl) when the lower bound is finite and not 0; zᵁ (cost xu) when the upper bound is finite.
    if (Number.isFinite(xl) && xl !== 0) {
      rowIdx.push(dual.addVariable({ cost: xl, lower: 0, upper: Infinity }));
      rowVal.push(1);
    }
    if (Number.isFinite(xu)) {
      rowIdx.push(dual.addVariable({ cost: xu, lower: -Infinity, upper: 0 }));
      rowVal.push(1);
    }
    const slackFree = xl === 0; // zᴸ ≥ 0 with cost 0 is the row's own slack
    keptRow[j] = dual.addRow(rowIdx, rowVal, slackFree ? -Infinity : c[j], c[j]);
  }

  const program = dual.build("maximize", sign * (p.offset ?? 0));
  const recover = (solution: LinearProgramSolution) => {
    const x = new Float64Array(n);
    const duals = solution.rowDuals!;
    // The multiplier of dual row j is the primal xⱼ (d objective / d cⱼ, the dual's right-hand side).
    for (let j = 0; j < n; j++) if (keptRow[j] >= 0) x[j] = duals[keptRow[j]];
    const rowDuals = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const mult = multipliers[i];
      rowDuals[i] = sign * ((mult.lower >= 0 ? solution.x[mult.lower] : 0) + (mult.upper >= 0 ? solution.x[mult.upper] : 0));
    }
    const rowActivity = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let rest = 0;
      for (let k = starts[i]; k < starts[i + 1]; k++) if (!eliminated[indices[k]]) rest += values[k] * x[indices[k]];
      const j = eliminatedIn[i];
      if (j >= 0) {
        // The cheapest xⱼ ≥ 0 that brings the row within its sides (c ≥ 0 at a dual-feasible point).
        const a = coefficientOf[j];
        const needed = a > 0 ? (p.rowLower[i] - rest) / a : (p.rowUpper[i] - rest) / a;
        x[j] = Number.isFinite(needed) ? Math.max(0, needed) : 0;
        rest += a * x[j];
      }
      rowActivity[i] = rest;
    }
    return { x, rowDuals, rowActivity };
  };
  return { program, recover };
}
