/// <reference lib="dom" />
/**
 * What an optimization returns, drawn: headline numbers, the sorted weights table with its total,
 * weights beside risk contributions, the efficient frontier with the portfolio, the assets and the
 * max-Sharpe and min-volatility points, and the clustered correlation heatmap.
 */
import type { AssetStatistics } from "../analysis/asset-statistics.js";
import type { FrontierResponse, OptimizeResponse } from "../api/types.js";
import { modelLabel } from "../catalogue.js";
import { correlationHeatmap } from "../charts/correlation-heatmap.js";
import { frontierChart } from "../charts/frontier-chart.js";
import { weightsChart } from "../charts/weights-chart.js";
import { h, replace } from "../ui/dom.js";
import { decimal, percent } from "../ui/format.js";
import { errorBox, loading, notice } from "../ui/status.js";
import { dataTable } from "../ui/table.js";

export interface WeightRow {
  readonly ticker: string;
  readonly weight: number;
  readonly risk: number | null;
}

/** Non-zero weights, largest first (zero weights are listed after, so nothing is hidden). */
export function sortedWeights(result: Pick<OptimizeResponse, "weights" | "riskContributions">): WeightRow[] {
  return Object.entries(result.weights)
    .map(([ticker, weight]) => ({ ticker, weight, risk: result.riskContributions?.[ticker] ?? null }))
    .sort((a, b) => b.weight - a.weight || a.ticker.localeCompare(b.ticker));
}

function stat(label: string, value: string, testId: string): HTMLElement {
  return h("div", { class: "stat" }, h("div", { class: "value", "data-testid": testId }, value), h("div", { class: "label" }, label));
}

export function weightsTable(rows: readonly WeightRow[]): HTMLElement {
  const total = rows.reduce((s, r) => s + r.weight, 0);
  return dataTable(
    rows,
    [
      { label: "Ticker", cell: (r) => r.ticker },
      { label: "Weight", numeric: true, cell: (r) => percent(r.weight) },
      { label: "Risk contribution", numeric: true, cell: (r) => percent(r.risk) },
    ],
    { testId: "weights-table", caption: "Weights", foot: ["Total", percent(total), percent(rows.every((r) => r.risk === null) ? null : rows.reduce((s, r) => s + (r.risk ?? 0), 0))] },
  );
}

const RISK_MEASURE_LABELS: Readonly<Record<string, string>> = {
  cvar: "CVaR (per period)",
  cdar: "CDaR",
  meanAbsoluteDeviation: "Mean absolute deviation (per period)",
  semideviation: "Semideviation (annual)",
};

export function optimizeSummary(result: OptimizeResponse): HTMLElement {
  const fallback = result.fallbackFrom ?? [];
  return h(
    "div",
    {},
    h(
      "div",
      { class: "stats" },
      stat("Expected return", percent(result.performance.expectedReturn), "expected-return"),
      stat("Volatility", percent(result.performance.volatility), "volatility"),
      stat("Sharpe ratio", decimal(result.performance.sharpe), "sharpe"),
      stat("Model", modelLabel(result.model), "model"),
      result.riskMeasure ? stat(RISK_MEASURE_LABELS[result.riskMeasure.name] ?? result.riskMeasure.name, percent(result.riskMeasure.value), "risk-measure") : null,
    ),
    result.estimate ? h("p", { class: "hint" }, `Estimated on ${result.estimate.observations} returns from ${result.estimate.start} to ${result.estimate.end}.`) : null,
    ...fallback.map((f) => notice(`${modelLabel(f.model)} failed (${f.code}): ${f.message}`, "warning")),
  );
}

export interface OptimizeView {
  readonly result: OptimizeResponse;
  readonly frontier: Promise<FrontierResponse>;
  readonly statistics: Promise<AssetStatistics>;
}

/** Draws a result into `target`; the frontier and correlation panels fill in as their data arrives. */
export function renderOptimizeResult(target: HTMLElement, view: OptimizeView): void {
  const rows = sortedWeights(view.result);
  const frontierArea = h("div", {}, loading("Computing the efficient frontier…"));
  const correlationArea = h("div", {}, loading("Loading prices for the correlation matrix…"));
  replace(
    target,
    h("section", { class: "panel", "data-testid": "optimize-result" }, h("h2", {}, "Result"), optimizeSummary(view.result)),
    h(
      "div",
      { class: "grid-2" },
      h("section", { class: "panel" }, h("div", { class: "table-scroll" }, weightsTable(rows))),
      h("section", { class: "panel" }, h("h3", {}, "Weights and risk contributions"), weightsChart(rows.filter((r) => Math.abs(r.weight) > 1e-6 || (r.risk ?? 0) > 1e-6))),
    ),
    h(
      "div",
      { class: "grid-2" },
      h("section", { class: "panel" }, h("h3", {}, "Efficient frontier"), frontierArea),
      h("section", { class: "panel" }, h("h3", {}, "Correlation (clustered)"), correlationArea),
    ),
  );
  const statistics = view.statistics.catch(() => null);
  void Promise.allSettled([view.frontier, statistics]).then(([frontier, stats]) => {
    if (frontier.status === "rejected") {
      replace(frontierArea, errorBox(frontier.reason));
      return;
    }
    const s = stats.status === "fulfilled" ? stats.value : null;
    const assets = s ? s.tickers.map((ticker, i) => ({ ticker, expectedReturn: s.expectedReturns[i], volatility: s.volatilities[i] })) : [];
    replace(frontierArea, frontierChart({ points: frontier.value.points, portfolio: view.result.performance, assets }));
  });
  void view.statistics.then(
    (s) => replace(correlationArea, correlationHeatmap(s.tickers, s.correlation)),
    (error: unknown) => replace(correlationArea, errorBox(error)),
  );
}
