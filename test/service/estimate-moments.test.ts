/**
 * The estimate-moments use case on degenerate universes: every result is finite, or the request is
 * refused with a typed error that names the asset. No NaN ever reaches a caller.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pricePanel, type PricePanel } from "../../src/core/returns/index.js";
import { cholesky, minEigenvalue } from "../../src/core/linalg/index.js";
import { estimateMoments } from "../../src/service/index.js";
import type { RiskModelSpec } from "../../src/core/moments/index.js";

function dailyDates(n: number): string[] {
  const dates: string[] = [];
  const day = new Date(Date.UTC(2020, 0, 1));
  while (dates.length < n) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) dates.push(day.toISOString().slice(0, 10));
  }
  return dates;
}

/** A seeded random-walk price panel, `rows × tickers.length`, with optional per-column overrides. */
function panel(tickers: string[], rows: number, column?: (j: number, t: number, price: number) => number | null): PricePanel {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const prices: (number | null)[][] = [];
  const level = tickers.map(() => 100);
  for (let t = 0; t < rows; t++) {
    prices.push(
      tickers.map((_, j) => {
        level[j] *= 1 + (random() - 0.5) * 0.04;
        return column ? column(j, t, level[j]) : level[j];
      }),
    );
  }
  return pricePanel({ dates: dailyDates(rows), tickers, prices }).panel;
}

function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) assert.ok(Number.isFinite(values[i]), `${what}[${i}] = ${values[i]}`);
}

const allModels: RiskModelSpec[] = [
  { kind: "sample" },
  { kind: "semicovariance" },
  { kind: "ewm", span: 30 },
  { kind: "ledoitWolf" },
  { kind: "ledoitWolf", target: "singleFactor" },
  { kind: "ledoitWolf", target: "constantCorrelation" },
  { kind: "oracleApproximating" },
  { kind: "gerber" },
];

test("one asset: every risk model gives a finite 1×1 covariance", () => {
  const prices = panel(["ONLY"], 60);
  for (const riskModel of allModels.filter((m) => m.kind !== "ledoitWolf" || m.target !== "constantCorrelation")) {
    const m = estimateMoments({ prices, riskModel });
    assert.equal(m.covariance.size, 1);
    assertFinite(m.covariance.data, riskModel.kind);
    assert.ok(m.covariance.data[0] > 0);
  }
});

test("two identical assets: the sample covariance is singular, shrinkage makes it positive definite", () => {
  const prices = panel(["A", "B", "C"], 80, (j, t, p) => (j === 1 ? panelPrice(t) : j === 0 ? panelPrice(t) : p));
  const sample = estimateMoments({ prices });
  assert.ok(minEigenvalue(sample.covariance) < 1e-12 * sample.covariance.data[0]);
  for (const riskModel of [{ kind: "ledoitWolf" }, { kind: "oracleApproximating" }] as const) {
    const shrunk = estimateMoments({ prices, riskModel });
    assert.ok(shrunk.shrinkage !== null && shrunk.shrinkage > 0 && shrunk.shrinkage <= 1);
    assert.doesNotThrow(() => cholesky(shrunk.covariance), riskModel.kind);
  }
});

function panelPrice(t: number): number {
  return 50 * Math.exp(0.01 * Math.sin(t) + 0.001 * t);
}

test("more assets than observations: Ledoit-Wolf and OAS are positive definite", () => {
  const tickers = Array.from({ length: 40 }, (_, j) => `S${j}`);
  const prices = panel(tickers, 15);
  for (const riskModel of [{ kind: "ledoitWolf" }, { kind: "oracleApproximating" }] as const) {
    const m = estimateMoments({ prices, riskModel });
    assert.equal(m.observations, 14);
    assert.doesNotThrow(() => cholesky(m.covariance), riskModel.kind);
  }
});

test("an asset with one price or an all-missing column is refused, naming the ticker", () => {
  const onePrice = panel(["A", "LATE"], 30, (j, t, p) => (j === 1 && t < 29 ? null : p));
  assert.throws(() => estimateMoments({ prices: onePrice }), (e: Error & { code?: string }) => {
    assert.equal(e.code, "INSUFFICIENT_HISTORY");
    assert.match(e.message, /LATE/);
    return true;
  });
  const empty = panel(["A", "GONE"], 30, (j, _t, p) => (j === 1 ? null : p));
  assert.throws(() => estimateMoments({ prices: empty }), /GONE/);
});

test("constant prices: zero expected return and zero variance, no NaN; correlation-based models refuse", () => {
  const prices = panel(["FLAT", "MOVES"], 50, (j, _t, p) => (j === 0 ? 10 : p));
  const m = estimateMoments({ prices });
  assert.equal(m.expectedReturns[0], 0);
  assert.equal(m.covariance.data[0], 0);
  assertFinite(m.covariance.data, "covariance");
  assert.throws(() => estimateMoments({ prices, riskModel: { kind: "denoised" } }), /asset 0|FLAT/);
});

test("unsorted dates give the same estimate as sorted ones", () => {
  const sorted = panel(["A", "B", "C"], 40);
  const order = sorted.dates.map((_, i) => i).reverse();
  const shuffled = pricePanel({
    dates: order.map((i) => sorted.dates[i]),
    tickers: sorted.tickers,
    prices: order.map((i) => Array.from(sorted.prices.data.subarray(i * 3, i * 3 + 3))),
  });
  assert.equal(shuffled.report.sorted, true);
  const a = estimateMoments({ prices: sorted, riskModel: { kind: "ledoitWolf" } });
  const b = estimateMoments({ prices: shuffled.panel, riskModel: { kind: "ledoitWolf" } });
  assert.deepEqual(Array.from(b.covariance.data), Array.from(a.covariance.data));
  assert.deepEqual(Array.from(b.expectedReturns), Array.from(a.expectedReturns));
});

test("requests that select nothing are refused with a clear error", () => {
  const prices = panel(["A", "B"], 20);
  assert.throws(() => estimateMoments({ prices, tickers: [] }), { code: "EMPTY_SELECTION" });
  assert.throws(() => estimateMoments({ prices, tickers: ["A", "Z"] }), { code: "UNKNOWN_ASSET" });
  assert.throws(() => estimateMoments({ prices, start: "2021-01-01" }), { code: "EMPTY_SELECTION" });
  assert.throws(() => estimateMoments({ prices, start: "2020-03-01", end: "2020-01-01" }), { code: "INVALID_REQUEST" });
  assert.throws(
    () => estimateMoments({ prices, riskModel: { kind: "nonsense" } as unknown as RiskModelSpec }),
    { code: "INVALID_INPUT" },
  );
});
