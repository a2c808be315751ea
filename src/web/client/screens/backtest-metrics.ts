/// <reference lib="dom" />
/** The metrics of every run side by side: one row per metric, one column per model. */
import type { BacktestRunView } from "../api/types.js";
import { modelLabel } from "../catalogue.js";
import { h } from "../ui/dom.js";
import { decimal, percent } from "../ui/format.js";

const LABELS: Readonly<Record<string, string>> = {
  totalReturn: "Total return",
  cagr: "CAGR",
  volatility: "Volatility",
  sharpe: "Sharpe",
  sortino: "Sortino",
  calmar: "Calmar",
  maxDrawdown: "Max drawdown",
  winRate: "Win rate (daily)",
  monthlyWinRate: "Win rate (monthly)",
  var95: "VaR 95%",
  cvar95: "CVaR 95%",
  averageTurnover: "Average turnover",
  totalCosts: "Total costs",
  beta: "Beta",
  alpha: "Alpha",
  trackingError: "Tracking error",
  informationRatio: "Information ratio",
  finalValue: "Final value",
};

/** Metrics that are fractions of something, shown as percentages. */
const PERCENT = new Set(["totalReturn", "cagr", "volatility", "maxDrawdown", "winRate", "monthlyWinRate", "var95", "cvar95", "averageTurnover", "alpha", "trackingError", "bestDay", "worstDay", "bestMonth", "worstMonth"]);

function show(key: string, value: unknown): string {
  if (typeof value === "number") return PERCENT.has(key) ? percent(value) : decimal(value, 3);
  return value === null || value === undefined ? "–" : String(value);
}

export function runName(run: BacktestRunView): string {
  return modelLabel(run.model);
}

export function metricsTable(runs: readonly BacktestRunView[]): HTMLTableElement {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].filter((k) => runs.some((r) => typeof r.metrics[k] !== "object" || r.metrics[k] === null));
  const ordered = [...Object.keys(LABELS).filter((k) => keys.includes(k)), ...keys.filter((k) => !(k in LABELS))];
  return h(
    "table",
    { class: "data", "data-testid": "metrics-table" },
    h("caption", {}, "Metrics"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Metric"), ...runs.map((r) => h("th", { scope: "col", class: "num" }, runName(r))))),
    h("tbody", {}, ...ordered.map((k) => h("tr", {}, h("th", { scope: "row" }, LABELS[k] ?? k), ...runs.map((r) => h("td", { class: "num" }, show(k, r.metrics[k])))))),
  );
}
