/**
 * HRP against the reference: both data views of optimizers_*.json (weights, leaf order, SciPy's
 * linkage matrix), PyPortfolioOpt's stored weights_hrp.csv and its asserted HRP facts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { symmetricFromRows } from "../../../../src/core/linalg/matrix.js";
import { portfolioPerformance } from "../../../../src/core/measures/index.js";
import { covarianceToCorrelation } from "../../../../src/core/moments/covariance/index.js";
import { hierarchicalRiskParity } from "../../../../src/core/optimizers/hierarchical/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { pypfoptFact, referencePath } from "../../../support/reference.js";
import { covarianceMatrix, optimizerFile, stockMoments, type ViewName } from "./fixtures.js";

// HRP is deterministic arithmetic (no solver): the README asks 1e-10 on weights; linkage heights are
// square roots of correlations summed in a different order than pandas, a few ulps apart.
const WEIGHTS = { rtol: 0, atol: 1e-10 };
const HEIGHTS = { rtol: 0, atol: 1e-12 };

for (const view of ["full_history", "common_window"] as const satisfies readonly ViewName[]) {
  describe(`HRP on stock_prices.csv, ${view}`, () => {
    const reference = optimizerFile(view);
    const moments = stockMoments(view);
    const result = hierarchicalRiskParity({ covariance: moments.covariance, correlation: moments.correlation });

    it("reproduces SciPy's single-linkage matrix: merge pairs and sizes exactly, heights to 1e-12", () => {
      const z = reference.hrp.linkage_matrix;
      assert.equal(result.linkage.height.length, z.length);
      z.forEach((row, k) => {
        assert.deepEqual([result.linkage.left[k], result.linkage.right[k], result.linkage.size[k]], [row[0], row[1], row[3]], `merge ${k}`);
      });
      expectClose(result.linkage.height, z.map((row) => row[2]), HEIGHTS, "heights");
    });

    it("orders the leaves as the dendrogram's pre-order", () => {
      assert.deepEqual(Array.from(result.leafOrder, (i) => moments.tickers[i]), reference.hrp.leaf_order);
    });

    it("gives the reference weights to 1e-10", () => {
      expectClose(result.weights, moments.tickers.map((t) => reference.hrp.weights[t]), WEIGHTS, "weights");
      expectClose(result.weights.reduce((a, b) => a + b, 0), 1, { rtol: 0, atol: 1e-14 }, "sum");
      assert.equal(result.projection, "none");
      assert.deepEqual(result.relaxed, []);
    });

    it("is scale invariant: the annualised covariance gives the same weights", () => {
      const annual = { size: moments.covariance.size, data: moments.covariance.data.map((v) => v * 252) };
      const scaled = hierarchicalRiskParity({ covariance: annual, correlation: moments.correlation });
      // Multiplying by 252 rounds each entry once: the weights move by a few ulps at most.
      expectClose(scaled.weights, result.weights, { rtol: 0, atol: 1e-14 }, "weights");
    });
  });
}

describe("HRP against PyPortfolioOpt", () => {
  const moments = stockMoments("full_history");
  const result = hierarchicalRiskParity({ covariance: moments.covariance, correlation: moments.correlation });

  it("matches weights_hrp.csv to 1e-10", () => {
    const lines = readFileSync(referencePath("data", "weights_hrp.csv"), "utf8").trim().split(/\r?\n/).slice(1);
    assert.equal(lines.length, moments.tickers.length);
    for (const line of lines) {
      const [ticker, weight] = line.split(",");
      expectClose(result.weights[moments.tickers.indexOf(ticker)], Number(weight), WEIGHTS, ticker);
    }
  });

  it("hrp_weights (tolerance rtol 1e-2 in PyPortfolioOpt; 1e-10 holds)", () => {
    const fact = pypfoptFact("hrp_weights");
    const expected = fact.value as Record<string, number>;
    expectClose(result.weights, moments.tickers.map((t) => expected[t]), WEIGHTS, "weights");
  });

  it("hrp_quasi_diag_first5: the first five leaves", () => {
    assert.deepEqual(Array.from(result.leafOrder.subarray(0, 5)), pypfoptFact("hrp_quasi_diag_first5").value);
  });

  it("hrp_performance: arithmetic mean × 252 and pairwise covariance × 252, rf 0.02 (rtol 1e-7)", () => {
    const fact = pypfoptFact("hrp_performance");
    const { returns } = moments;
    const n = returns.cols;
    const mu = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      let c = 0;
      for (let t = 0; t < returns.rows; t++) {
        const v = returns.data[t * n + j];
        if (!Number.isNaN(v)) {
          s += v;
          c++;
        }
      }
      mu[j] = (s / c) * 252;
    }
    const annual = { size: n, data: moments.covariance.data.map((v) => v * 252) };
    const p = portfolioPerformance(result.weights, mu, annual, { riskFreeRate: 0.02 });
    expectClose([p.expectedReturn, p.volatility, p.sharpe ?? NaN], fact.value as number[], { rtol: 1e-7, atol: 0 }, "performance");
  });

  it("hrp_cluster_variance: inverse-variance variance of the first ten leaves (decimal 7)", () => {
    const fact = pypfoptFact("hrp_cluster_variance");
    const n = moments.covariance.size;
    const members = Array.from(result.leafOrder.subarray(0, 10));
    assert.deepEqual(members.map((i) => moments.tickers[i]), ["SHLD", "AMD", "BBY", "RRC", "FB", "WMT", "T", "BABA", "PFE", "UAA"]);
    // The same cluster variance HRP bisects on: the first half of the root split.
    const w = members.map((i) => 1 / moments.covariance.data[i * n + i]);
    const total = w.reduce((a, b) => a + b, 0);
    let v = 0;
    members.forEach((i, a) => members.forEach((j, b) => (v += (w[a] / total) * moments.covariance.data[i * n + j] * (w[b] / total))));
    expectClose(v, fact.value as number, { rtol: 0, atol: 1.5e-7 }, "cluster variance");
    expectClose(v, fact.value as number, { rtol: 1e-12, atol: 0 }, "cluster variance (tight)");
  });

  it("hrp_ledoit_wolf_volatility: HRP from a covariance only, correlation rounded to 6 decimals (decimal 7)", () => {
    const fact = pypfoptFact("hrp_ledoit_wolf_volatility");
    const covariance = covarianceMatrix("ledoit_wolf_full_history_nan_as_zero");
    const { correlation } = covarianceToCorrelation(covariance);
    // numpy's round: rint(x·10⁶)/10⁶ (ties to even; no entry here sits on a tie).
    const rounded = symmetricFromRows(Array.from({ length: correlation.size }, (_, i) =>
      Array.from(correlation.data.subarray(i * correlation.size, (i + 1) * correlation.size), (v) => Math.round(v * 1e6) / 1e6)));
    const result = hierarchicalRiskParity({ covariance, correlation: rounded });
    const vol = portfolioPerformance(result.weights, new Float64Array(covariance.size), covariance, { riskFreeRate: 0 }).volatility;
    expectClose(vol, fact.value as number, { rtol: 0, atol: 1.5e-7 }, "volatility");
    expectClose(vol, fact.value as number, { rtol: 1e-10, atol: 0 }, "volatility (tight)");
  });
});
