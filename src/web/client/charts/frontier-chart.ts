/// <reference lib="dom" />
/**
 * The efficient frontier (volatility → expected return) with the optimized portfolio, the
 * minimum-volatility and maximum-Sharpe points and each asset on its own.
 */
import type { FrontierPoint, Performance } from "../api/types.js";
import { chartBox, mountChart } from "./echarts-setup.js";

export interface FrontierMarks {
  readonly points: readonly FrontierPoint[];
  readonly portfolio: Performance | null;
  readonly assets: readonly { readonly ticker: string; readonly expectedReturn: number; readonly volatility: number }[];
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** The minimum-volatility and the maximum-Sharpe points of a frontier. */
export function frontierExtremes(points: readonly FrontierPoint[]): { minVolatility: FrontierPoint | null; maxSharpe: FrontierPoint | null } {
  let minVolatility: FrontierPoint | null = null;
  let maxSharpe: FrontierPoint | null = null;
  for (const p of points) {
    if (minVolatility === null || p.volatility < minVolatility.volatility) minVolatility = p;
    if (p.sharpe !== null && (maxSharpe === null || (maxSharpe.sharpe ?? -Infinity) < p.sharpe)) maxSharpe = p;
  }
  return { minVolatility, maxSharpe };
}

export function frontierChart(marks: FrontierMarks): HTMLElement {
  const box = chartBox("Efficient frontier: expected return against volatility", "large");
  const { minVolatility, maxSharpe } = frontierExtremes(marks.points);
  const special = (name: string, p: Performance | null, symbol: string, size: number) =>
    p === null ? [] : [{ name, type: "scatter" as const, symbol, symbolSize: size, z: 5, data: [[p.volatility, p.expectedReturn]] }];
  const assets = marks.assets.filter((a) => Number.isFinite(a.volatility) && Number.isFinite(a.expectedReturn));
  queueMicrotask(() =>
    mountChart("frontier", box, {
      tooltip: {
        trigger: "item",
        formatter: (p: unknown) => {
          const item = p as { seriesName: string; data: [number, number, string?] };
          return `${item.data[2] ?? item.seriesName}<br/>volatility ${pct(item.data[0])}<br/>return ${pct(item.data[1])}`;
        },
      },
      legend: { top: 0 },
      grid: { left: 64, right: 24, top: 56, bottom: 50 },
      xAxis: { type: "value", name: "Volatility", nameLocation: "middle", nameGap: 30, scale: true, axisLabel: { formatter: pct } },
      yAxis: { type: "value", name: "Expected return", nameLocation: "middle", nameGap: 48, scale: true, axisLabel: { formatter: pct } },
      series: [
        { name: "Efficient frontier", type: "line", smooth: true, showSymbol: false, data: marks.points.map((p) => [p.volatility, p.expectedReturn]) },
        { name: "Assets", type: "scatter", symbolSize: 7, data: assets.map((a) => [a.volatility, a.expectedReturn, a.ticker]), label: { show: true, position: "right", formatter: (p: unknown) => String((p as { data: unknown[] }).data[2]), fontSize: 10 } },
        ...special("Min volatility", minVolatility, "diamond", 14),
        ...special("Max Sharpe", maxSharpe, "triangle", 14),
        ...special("Portfolio", marks.portfolio, "pin", 26),
      ],
    }),
  );
  return box;
}
