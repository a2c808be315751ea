/// <reference lib="dom" />
/** Monthly returns as a year × month heatmap (red losses, green gains), one model at a time. */
import type { MonthlyReturn } from "../analysis/monthly-returns.js";
import { chartBox, mountChart } from "./echarts-setup.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function monthlyHeatmap(returns: readonly MonthlyReturn[]): HTMLElement {
  const years = [...new Set(returns.map((r) => r.year))].sort((a, b) => a - b).map(String);
  const extreme = Math.max(0.05, ...returns.map((r) => Math.abs(r.value)));
  const box = chartBox("Monthly returns by year", years.length > 12 ? "large" : years.length > 4 ? "medium" : "small");
  queueMicrotask(() =>
    mountChart("monthly", box, {
      tooltip: { formatter: (p: unknown) => {
        const v = (p as { data: [number, number, number] }).data;
        return `${MONTHS[v[0]]} ${years[v[1]]}: ${(v[2] * 100).toFixed(2)}%`;
      } },
      grid: { left: 50, right: 20, top: 10, bottom: 80 },
      xAxis: { type: "category", data: MONTHS },
      yAxis: { type: "category", data: years, inverse: true },
      visualMap: { min: -extreme, max: extreme, calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 140, itemWidth: 12, text: ["gain", "loss"], inRange: { color: ["#c0392b", "#f7f7f7", "#1e8449"] } },
      series: [{ name: "Monthly return", type: "heatmap", data: returns.map((r) => [r.month - 1, years.indexOf(String(r.year)), +r.value.toFixed(5)]) }],
    }),
  );
  return box;
}
