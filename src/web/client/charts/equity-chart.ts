/// <reference lib="dom" />
/** Equity curves of every run (and benchmark) on one time axis, linear or log scale. */
import type { DatedValue } from "../api/types.js";
import { chartBox, mountChart, type ChartOption } from "./echarts-setup.js";

export interface NamedSeries {
  readonly name: string;
  readonly points: readonly DatedValue[];
}

export function equityChart(curves: readonly NamedSeries[], logScale: boolean): HTMLElement {
  const box = chartBox("Equity curves of the backtested models", "large");
  const yAxis: ChartOption["yAxis"] = logScale ? { type: "log", name: "Value (log)" } : { type: "value", scale: true, name: "Value" };
  queueMicrotask(() =>
    mountChart("equity", box, {
      tooltip: { trigger: "axis", valueFormatter: (v) => Number(v).toFixed(3) },
      legend: { top: 0, type: "scroll" },
      grid: { left: 60, right: 20, top: 36, bottom: 60 },
      xAxis: { type: "time" },
      yAxis,
      dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
      series: curves.map((c) => ({ name: c.name, type: "line" as const, showSymbol: false, sampling: "lttb" as const, data: c.points.map((p) => [p[0], p[1]]) })),
    }),
  );
  return box;
}

export function drawdownChart(curves: readonly NamedSeries[]): HTMLElement {
  const box = chartBox("Drawdowns of the backtested models", "medium");
  queueMicrotask(() =>
    mountChart("drawdown", box, {
      tooltip: { trigger: "axis", valueFormatter: (v) => `${(Number(v) * 100).toFixed(1)}%` },
      legend: { top: 0, type: "scroll" },
      grid: { left: 60, right: 20, top: 36, bottom: 30 },
      xAxis: { type: "time" },
      yAxis: { type: "value", max: 0, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: curves.map((c) => ({ name: c.name, type: "line" as const, showSymbol: false, sampling: "lttb" as const, areaStyle: { opacity: 0.15 }, data: c.points.map((p) => [p[0], p[1]]) })),
    }),
  );
  return box;
}
