/// <reference lib="dom" />
/** Target weights at each rebalance as stacked areas: how the model moved its money over time. */
import { chartBox, mountChart } from "./echarts-setup.js";

export function weightsOverTime(rebalances: readonly { readonly date: string; readonly weights?: Readonly<Record<string, number>> }[]): HTMLElement {
  const tickers = [...new Set(rebalances.flatMap((r) => Object.keys(r.weights ?? {})))]
    .filter((t) => rebalances.some((r) => Math.abs(r.weights?.[t] ?? 0) > 1e-4))
    .sort();
  const box = chartBox("Weights at each rebalance", "large");
  queueMicrotask(() =>
    mountChart("weights-over-time", box, {
      tooltip: { trigger: "axis", valueFormatter: (v) => `${(Number(v) * 100).toFixed(1)}%` },
      legend: { top: 0, type: "scroll" },
      grid: { left: 50, right: 20, top: 36, bottom: 30 },
      xAxis: { type: "time" },
      yAxis: { type: "value", max: (v: { max: number }) => Math.max(1, v.max), axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: tickers.map((t) => ({ name: t, type: "line" as const, step: "end" as const, stack: "weights", showSymbol: false, areaStyle: {}, lineStyle: { width: 0 }, data: rebalances.map((r) => [r.date, r.weights?.[t] ?? 0]) })),
    }),
  );
  return box;
}
