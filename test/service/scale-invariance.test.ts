/**
 * Property tests (fast-check) on random price panels: what should not depend on units does not.
 * Prices quoted in cents instead of dollars give the same returns and moments; weights scaled by any
 * positive factor give the same percentage risk contributions and diversification ratio.
 */
import { test } from "node:test";
import fc from "fast-check";
import { pricePanel } from "../../src/core/returns/index.js";
import { diversificationRatio, riskContributions } from "../../src/core/measures/index.js";
import { estimateMoments } from "../../src/service/index.js";
import type { RiskModelSpec } from "../../src/core/moments/index.js";
import { expectClose } from "../support/expect-close.js";

const dates = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2021, 0, 4 + i)).toISOString().slice(0, 10));

/** 40 daily dates × 2–6 assets of positive prices, with a price scale per asset. */
const universe = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    moves: fc.array(fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: n, maxLength: n }), {
      minLength: dates.length,
      maxLength: dates.length,
    }),
    scales: fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: n, maxLength: n }),
  }),
);

function prices(moves: number[][], scales: number[]) {
  const level = scales.map(() => 1);
  const rows = moves.map((row) => row.map((m, j) => (level[j] *= 1 + m) * scales[j]));
  return pricePanel({ dates, tickers: scales.map((_, j) => `A${j}`), prices: rows }).panel;
}

const models: RiskModelSpec[] = [{ kind: "sample" }, { kind: "ledoitWolf" }, { kind: "ewm", span: 10 }];

test("expected returns and covariance do not depend on each asset's price units", () => {
  fc.assert(
    fc.property(universe, ({ moves, scales }) => {
      const base = prices(moves, scales.map(() => 1));
      const scaled = prices(moves, scales);
      for (const riskModel of models) {
        const a = estimateMoments({ prices: base, riskModel });
        const b = estimateMoments({ prices: scaled, riskModel });
        // Only the rounding of P·c / (P'·c) − 1 differs: ~1e-16 per return, amplified by the sums.
        expectClose(b.expectedReturns, a.expectedReturns, { rtol: 1e-9, atol: 1e-12 }, "mu");
        expectClose(b.covariance.data, a.covariance.data, { rtol: 1e-9, atol: 1e-14 }, riskModel.kind);
      }
    }),
    { numRuns: 60, seed: 20261125 },
  );
});

test("percentage risk contributions and diversification ratio do not depend on the weights' scale", () => {
  fc.assert(
    fc.property(universe, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), ({ moves, scales }, k) => {
      const m = estimateMoments({ prices: prices(moves, scales), riskModel: { kind: "ledoitWolf" } });
      const w = scales.map((s, i) => (i + 1) / s);
      const kw = w.map((x) => k * x);
      const tol = { rtol: 1e-10, atol: 1e-13 }; // pure rescaling: rounding only
      expectClose(riskContributions(kw, m.covariance).percentage, riskContributions(w, m.covariance).percentage, tol);
      expectClose(diversificationRatio(kw, m.covariance), diversificationRatio(w, m.covariance), tol);
    }),
    { numRuns: 60, seed: 20261125 },
  );
});
