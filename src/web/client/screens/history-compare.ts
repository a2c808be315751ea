/// <reference lib="dom" />
/** Two optimizations side by side: their measures and their weights, with the change from A to B. */
import type { OptimizationRun } from "../api/types.js";
import { modelLabel } from "../catalogue.js";
import { chartBox, mountChart } from "../charts/echarts-setup.js";
import { h } from "../ui/dom.js";
import { decimal, percent } from "../ui/format.js";
import { dataTable } from "../ui/table.js";

export function compareOptimizations(a: OptimizationRun, b: OptimizationRun): HTMLElement {
  const tickers = [...new Set([...Object.keys(a.weights), ...Object.keys(b.weights)])].sort((x, y) => (b.weights[y] ?? 0) + (a.weights[y] ?? 0) - (b.weights[x] ?? 0) - (a.weights[x] ?? 0));
  const name = (r: OptimizationRun): string => `#${r.id} ${modelLabel(r.model)}`;
  const measures = [
    { label: "Expected return", get: (r: OptimizationRun) => percent(r.metrics.expectedReturn) },
    { label: "Volatility", get: (r: OptimizationRun) => percent(r.metrics.volatility) },
    { label: "Sharpe", get: (r: OptimizationRun) => decimal(r.metrics.sharpe) },
  ];
  const box = chartBox("Weights of the two runs", "medium");
  queueMicrotask(() =>
    mountChart("compare", box, {
      tooltip: { trigger: "axis", valueFormatter: (v) => `${(Number(v) * 100).toFixed(2)}%` },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 30, bottom: 60 },
      xAxis: { type: "category", data: tickers, axisLabel: { rotate: 45, interval: 0 } },
      yAxis: { type: "value", axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: [a, b].map((r) => ({ name: name(r), type: "bar" as const, data: tickers.map((t) => r.weights[t] ?? 0) })),
    }),
  );
  return h(
    "section",
    { class: "panel", "data-testid": "compare" },
    h("h2", {}, `Compare ${name(a)} and ${name(b)}`),
    dataTable(measures, [{ label: "Measure", cell: (m) => m.label }, { label: name(a), numeric: true, cell: (m) => m.get(a) }, { label: name(b), numeric: true, cell: (m) => m.get(b) }]),
    box,
    dataTable(tickers, [
      { label: "Ticker", cell: (t) => t },
      { label: name(a), numeric: true, cell: (t) => percent(a.weights[t] ?? 0) },
      { label: name(b), numeric: true, cell: (t) => percent(b.weights[t] ?? 0) },
      { label: "Change", numeric: true, cell: (t) => percent((b.weights[t] ?? 0) - (a.weights[t] ?? 0)) },
    ]),
  );
}
