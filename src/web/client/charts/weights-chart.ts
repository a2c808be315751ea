/// <reference lib="dom" />
/** Weights beside risk contributions, largest weight on top: where the money is vs where the risk is. */
import { chartBox, mountChart } from "./echarts-setup.js";

export function weightsChart(rows: readonly { readonly ticker: string; readonly weight: number; readonly risk: number | null }[]): HTMLElement {
  const box = chartBox("Weights and risk contributions by asset", rows.length > 14 ? "large" : "medium");
  const ordered = [...rows].reverse(); // ECharts draws the first category at the bottom
  const hasRisk = rows.some((r) => r.risk !== null);
  queueMicrotask(() =>
    mountChart("weights", box, {
      tooltip: { trigger: "axis", valueFormatter: (v) => `${(Number(v) * 100).toFixed(2)}%` },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 30, bottom: 30 },
      xAxis: { type: "value", axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      yAxis: { type: "category", data: ordered.map((r) => r.ticker) },
      series: [
        { name: "Weight", type: "bar", data: ordered.map((r) => r.weight) },
        ...(hasRisk ? [{ name: "Risk contribution", type: "bar" as const, data: ordered.map((r) => r.risk ?? 0) }] : []),
      ],
    }),
  );
  return box;
}
