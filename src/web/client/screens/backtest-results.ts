/// <reference lib="dom" />
/**
 * A backtest drawn: equity curves (log toggle), drawdowns, the metrics side by side, and for one
 * chosen model its monthly returns heatmap and its weights over time. The same view prints as the
 * report (print CSS hides the page chrome; "Print report" opens the browser's dialog).
 */
import { monthlyReturns } from "../analysis/monthly-returns.js";
import type { BacktestView } from "../api/types.js";
import { drawdownChart, equityChart } from "../charts/equity-chart.js";
import { monthlyHeatmap } from "../charts/monthly-heatmap.js";
import { weightsOverTime } from "../charts/weights-area.js";
import { h, replace, select } from "../ui/dom.js";
import { download, toCsv } from "../ui/download.js";
import { notice } from "../ui/status.js";
import { metricsTable, runName } from "./backtest-metrics.js";

export function backtestCsv(view: BacktestView): string {
  const dates = [...new Set(view.runs.flatMap((r) => r.equity.map((p) => p[0])))].sort();
  const lookup = view.runs.map((r) => new Map(r.equity));
  return toCsv([["date", ...view.runs.map(runName)], ...dates.map((d) => [d, ...lookup.map((m) => m.get(d) ?? null)])]);
}

export function renderBacktestResult(target: HTMLElement, view: BacktestView, title: string): void {
  if (view.runs.length === 0) {
    replace(target, notice("The backtest returned no runs.", "warning"));
    return;
  }
  const logToggle = h("input", { type: "checkbox", "data-testid": "log-scale" });
  const equityArea = h("div");
  const curves = [...view.runs.map((r) => ({ name: runName(r), points: r.equity })), ...(view.benchmarks ?? []).map((b) => ({ name: b.name, points: b.equity }))];
  const drawEquity = (): void => replace(equityArea, equityChart(curves, logToggle.checked));
  logToggle.addEventListener("change", drawEquity);

  const runPicker = select(view.runs.map((r, i) => ({ value: String(i), label: runName(r) })), "0", { "aria-label": "Model shown below" });
  const perRun = h("div");
  const drawPerRun = (): void => {
    const run = view.runs[Number(runPicker.value)];
    const months = monthlyReturns(run.equity);
    const withWeights = run.rebalances.filter((r) => r.weights !== undefined);
    replace(
      perRun,
      h(
        "div",
        { class: "grid-2" },
        h("section", { class: "panel" }, h("h3", {}, `Monthly returns — ${runName(run)}`), months.length > 0 ? monthlyHeatmap(months) : notice("Too short for monthly returns.")),
        h("section", { class: "panel" }, h("h3", {}, `Weights over time — ${runName(run)}`), withWeights.length > 0 ? weightsOverTime(withWeights) : notice("No rebalance weights in this result.")),
      ),
    );
  };
  runPicker.addEventListener("change", drawPerRun);

  const exportButton = h("button", { type: "button", class: "no-print", onclick: () => download("backtest-equity.csv", backtestCsv(view), "text/csv") }, "Export CSV");
  const jsonButton = h("button", { type: "button", class: "no-print", onclick: () => download("backtest.json", JSON.stringify(view, null, 2), "application/json") }, "Export JSON");
  const printButton = h("button", { type: "button", class: "no-print", onclick: () => window.print() }, "Print report");

  replace(
    target,
    h("h2", { class: "only-print" }, title),
    h(
      "section",
      { class: "panel", "data-testid": "backtest-result" },
      h("div", { class: "row no-print" }, h("label", {}, logToggle, " Log scale"), exportButton, jsonButton, printButton),
      h("h3", {}, "Equity"),
      equityArea,
    ),
    h("section", { class: "panel" }, h("h3", {}, "Drawdowns"), drawdownChart(view.runs.map((r) => ({ name: runName(r), points: r.drawdown })))),
    h("section", { class: "panel wide-scroll" }, metricsTable(view.runs)),
    h("div", { class: "row no-print" }, h("label", {}, "Model: ", runPicker)),
    perRun,
  );
  drawEquity();
  drawPerRun();
}
