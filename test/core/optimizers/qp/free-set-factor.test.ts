import { test } from "node:test";
import fc from "fast-check";
import { FreeSetFactor } from "../../../../src/core/optimizers/qp/free-set-factor.js";
import { expectClose } from "../../../support/expect-close.js";

/** The slow, obvious version: Cholesky of the principal submatrix from scratch (Cholesky–Banachiewicz). */
function choleskyOf(H: number[][], members: number[]): number[][] {
  const k = members.length;
  const L = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = H[members[i]][members[j]];
      for (let t = 0; t < j; t++) s -= L[i][t] * L[j][t];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  return L;
}

test("append/remove keeps L·Lᵀ equal to H on the free set (vs refactorising from scratch)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 81, maxLength: 81 }),
      fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
      (n, seed, moves) => {
        // H = BBᵀ + I: well conditioned, so the update and the fresh factor agree to ~1e-13.
        const B = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => seed[i * 9 + j] / 1000));
        const H = B.map((bi, i) => B.map((bj, j) => bi.reduce((s, v, t) => s + v * bj[t], 0) + (i === j ? 1 : 0)));
        const factor = new FreeSetFactor(n);
        const members: number[] = [];
        for (const move of moves) {
          const outside = H.map((_, j) => j).filter((j) => !members.includes(j));
          if (outside.length > 0 && (move % 3 !== 0 || members.length === 0)) {
            const j = outside[move % outside.length];
            const column = Float64Array.from(members, (i) => H[i][j]);
            factor.append(column, H[j][j], 0);
            members.push(j);
          } else {
            const at = move % members.length;
            factor.remove(at);
            members.splice(at, 1);
          }
          // Compare solves rather than internals: L⁻¹ applied to unit vectors gives L⁻¹ column by column.
          const L = choleskyOf(H, members);
          for (let c = 0; c < members.length; c++) {
            const e = new Float64Array(members.length);
            e[c] = 1;
            factor.forward(e);
            // Column c of L⁻¹ from the fresh factor by forward substitution.
            const expected = new Array<number>(members.length).fill(0);
            for (let i = 0; i < members.length; i++) {
              let s = i === c ? 1 : 0;
              for (let t = 0; t < i; t++) s -= L[i][t] * expected[t];
              expected[i] = s / L[i][i];
            }
            // Rank-one updates are backward stable (Gill et al. 1974); 1e-11 leaves room for 30 of them.
            expectClose(e, expected, { rtol: 1e-11, atol: 1e-11 }, `L⁻¹ column ${c}`);
          }
        }
      },
    ),
    { numRuns: 200, seed: 5 },
  );
});
