import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { DenseQp } from "../../../../src/core/optimizers/qp/dense-qp.js";
import { dependsOnWorkingSet } from "../../../../src/core/optimizers/qp/working-set-rank.js";

/** A DenseQp with only what the rank check reads: n, the equality rows A and the inequality rows C. */
function rowsOnly(n: number, A: number[][], C: number[][]): DenseQp {
  const flat = (rows: number[][]) => Float64Array.from(rows.flat());
  const none = new Float64Array(0);
  return { n, P: null, q: new Float64Array(n), mEq: A.length, A: flat(A), b: none, mIn: C.length, C: flat(C), lower: none, upper: none, lb: none, ub: none };
}

const depends = (qp: DenseQp, free: number[], activeRows: number[], candidate: { row: number } | { variable: number }) =>
  dependsOnWorkingSet(qp, Int32Array.from(free), free.length, activeRows, candidate, new Float64Array((qp.mEq + activeRows.length + 1) * free.length));

test("an L1 kink: the second row of tᵢ ≥ |wᵢ − w0ᵢ| depends on the first once tᵢ sits at its bound", () => {
  // Variables (w, t); rows t − w ≥ −w0 (row 0) and t + w ≥ w0 (row 1); no equality rows.
  const qp = rowsOnly(2, [], [
    [-1, 1],
    [1, 1],
  ]);
  assert.equal(depends(qp, [0, 1], [1], { row: 0 }), false, "w and t free: the rows are independent");
  assert.equal(depends(qp, [0], [1], { row: 0 }), true, "t at its bound: on w alone the rows are ±w");
  assert.equal(depends(qp, [0, 1], [0, 1], { variable: 1 }), true, "both rows working: they fix t, so t ≥ 0 adds nothing");
  assert.equal(depends(qp, [0, 1], [1], { variable: 1 }), false, "one row working: t ≥ 0 is a new constraint");
});

test("a budget with one free variable implies that variable's bound; with two it does not", () => {
  const qp = rowsOnly(3, [[1, 1, 1]], []);
  assert.equal(depends(qp, [2], [], { variable: 2 }), true);
  assert.equal(depends(qp, [1, 2], [], { variable: 2 }), false);
});

test("property: agrees with the rank of the stacked rows (integer rows, exact elimination)", () => {
  // Small integer rows, so rank is decided exactly by fraction-free elimination.
  const entry = fc.integer({ min: -2, max: 2 });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.array(fc.array(entry, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      fc.integer({ min: 0, max: 4 }),
      (n, rows, freeFlags, which) => {
        const C = rows.map((r) => r.slice(0, n));
        const free = Array.from({ length: n }, (_, j) => j).filter((j) => freeFlags[j]);
        if (free.length === 0) return;
        const working = C.slice(0, C.length - 1).map((_, i) => i);
        const qp = rowsOnly(n, [], C);
        const onFree = (row: number[]) => free.map((j) => row[j]);
        // Candidate: the last row, or the bound of a free variable (its unit row).
        const asRow = which % 2 === 0;
        const variable = free[which % free.length];
        const candidate = asRow ? onFree(C[C.length - 1]) : free.map((j) => (j === variable ? 1 : 0));
        // A candidate that is zero on the free variables cannot block a step (a·p = 0): not asked.
        if (candidate.every((v) => v === 0)) return;
        const base = working.map((i) => onFree(C[i]));
        const expected = rank([...base, candidate]) === rank(base);
        assert.equal(depends(qp, free, working, asRow ? { row: C.length - 1 } : { variable }), expected);
      },
    ),
    { numRuns: 300, seed: 17 },
  );
});

/** Rank of an integer matrix by fraction-free Gaussian elimination (exact in doubles for these sizes). */
function rank(rows: number[][]): number {
  const m = rows.map((r) => r.slice());
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    const pivot = m.findIndex((row, i) => i >= r && row[c] !== 0);
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot], m[r]];
    for (let i = r + 1; i < m.length; i++) {
      const f = m[i][c];
      const p = m[r][c];
      for (let k = 0; k < cols; k++) m[i][k] = m[i][k] * p - m[r][k] * f;
    }
    r++;
  }
  return r;
}
