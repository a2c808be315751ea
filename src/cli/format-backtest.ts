/**
 * Readable (non-JSON) output of `portfolio backtest`: the metrics of every run and benchmark side by
 * side (one column each), the calendar-year returns, and the events (failed rebalances, delistings…).
 */
import type { BacktestReport, BacktestRunReport, BenchmarkReport } from "../service/index.js";

type Column = { readonly name: string; readonly metrics: BacktestRunReport["metrics"]; readonly yearly: ReadonlyMap<string, number> };
type Metrics = Column["metrics"];

const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(2)}%`);
const ratio = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
const money = (x: number | null) => (x === null ? "n/a" : x.toPrecision(6));

/** Each row: a label and how to show that metric. */
const ROWS: readonly (readonly [string, (m: Metrics) => string])[] = [
  ["final value", (m) => money(m.finalValue)],
  ["total return", (m) => pct(m.totalReturn)],
  ["CAGR", (m) => pct(m.cagr)],
  ["volatility", (m) => pct(m.volatility)],
  ["Sharpe", (m) => ratio(m.sharpe)],
  ["Sortino", (m) => ratio(m.sortino)],
  ["Calmar", (m) => ratio(m.calmar)],
  ["max drawdown", (m) => pct(m.maxDrawdown)],
  ["  peak", (m) => m.maxDrawdownPeakDate ?? "-"],
  ["  trough", (m) => m.maxDrawdownTroughDate ?? "-"],
  ["  recovered", (m) => m.maxDrawdownRecoveryDate ?? (m.maxDrawdown > 0 ? "not yet" : "-")],
  ["longest drawdown (days)", (m) => String(m.longestDrawdownCalendarDays)],
  ["win rate (daily)", (m) => pct(m.winRate)],
  ["win rate (monthly)", (m) => pct(m.monthlyWinRate)],
  ["best day", (m) => pct(m.bestDay)],
  ["worst day", (m) => pct(m.worstDay)],
  ["best month", (m) => pct(m.bestMonth)],
  ["worst month", (m) => pct(m.worstMonth)],
  ["VaR 95%", (m) => pct(m.valueAtRisk)],
  ["CVaR 95%", (m) => pct(m.conditionalValueAtRisk)],
  ["skew", (m) => ratio(m.skew)],
  ["excess kurtosis", (m) => ratio(m.kurtosis)],
  ["avg turnover", (m) => pct(m.averageTurnover)],
  ["total costs", (m) => money(m.totalCosts)],
  ["beta", (m) => ratio(m.beta)],
  ["alpha", (m) => pct(m.alpha)],
  ["tracking error", (m) => pct(m.trackingError)],
  ["information ratio", (m) => ratio(m.informationRatio)],
  ["up capture", (m) => ratio(m.upCapture)],
  ["down capture", (m) => ratio(m.downCapture)],
];

/** Benchmark-relative rows mean nothing for the benchmarks themselves. */
const RELATIVE = new Set(["beta", "alpha", "tracking error", "information ratio", "up capture", "down capture", "avg turnover", "total costs"]);

function yearlyOf(report: BacktestRunReport | BenchmarkReport): ReadonlyMap<string, number> {
  const yearly = "series" in report ? report.series.yearlyReturns : [];
  return new Map(yearly.map((y) => [y.partial ? `${y.period}*` : y.period, y.return]));
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function eventLines(runs: readonly BacktestRunReport[], limit: number): string[] {
  const lines: string[] = [];
  for (const run of runs) {
    if (run.events.length === 0) continue;
    lines.push(`${run.model}: ${run.events.length} event${run.events.length === 1 ? "" : "s"}`);
    for (const e of run.events.slice(0, limit)) lines.push(`  ${e.date}  ${e.code}  ${e.message} → ${e.action}`);
    if (run.events.length > limit) lines.push(`  … and ${run.events.length - limit} more (see --json)`);
  }
  return lines.length === 0 ? ["events: none"] : ["events:", ...lines];
}

export function formatBacktest(report: BacktestReport, source: string): string {
  const columns: Column[] = [
    ...report.runs.map((r) => ({ name: r.model, metrics: r.metrics, yearly: yearlyOf(r) })),
    ...report.benchmarks.map((b) => ({ name: `${b.name} (benchmark)`, metrics: b.metrics, yearly: yearlyOf(b) })),
  ];
  const isBenchmark = (c: number) => c >= report.runs.length;
  const lines: string[] = [];
  const rebalances = report.runs.map((r) => `${r.model} ${r.rebalances.length}`).join(", ");
  lines.push(`${source}: ${report.tickers.length} assets, ${report.start} … ${report.end} (${report.runs[0]?.equity.length ?? 0} dates)`);
  lines.push(`rebalances: ${rebalances}`);
  if (report.runs.some((r) => r.returnIndex !== undefined)) lines.push("with cash flows: metrics are of the time-weighted return; final value is the account's");
  lines.push("");
  const rows = ROWS.map(([label, show]) => [
    label,
    ...columns.map((c, k) => (isBenchmark(k) && RELATIVE.has(label) ? "" : label === "final value" ? money(accountValue(report, k) ?? c.metrics.finalValue) : show(c.metrics))),
  ]);
  lines.push(...table(["", ...columns.map((c) => c.name)], rows));
  const years = [...new Set(columns.flatMap((c) => [...c.yearly.keys()]))].sort();
  if (years.length > 0) {
    lines.push("");
    lines.push(...table(["year (* partial)", ...report.runs.map((r) => r.model)], years.map((y) => [y, ...columns.slice(0, report.runs.length).map((c) => pct(c.yearly.get(y) ?? null))])));
  }
  lines.push("");
  lines.push(...eventLines(report.runs, 10));
  return `${lines.join("\n")}\n`;
}

/** The last point of column k's equity curve (the account value, also with cash flows). */
function accountValue(report: BacktestReport, k: number): number | null {
  const source = k < report.runs.length ? report.runs[k] : report.benchmarks[k - report.runs.length];
  const last = source?.equity[source.equity.length - 1];
  return last === undefined ? null : last[1];
}
