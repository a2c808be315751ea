/// <reference lib="dom" />
/** Correlation heatmap in clustered (single-linkage) order, so correlated blocks sit on the diagonal. */
import { singleLinkageOrder } from "../analysis/cluster-order.js";
import { chartBox, mountChart } from "./echarts-setup.js";

export function correlationHeatmap(tickers: readonly string[], correlation: readonly (readonly number[])[]): HTMLElement {
  const order = singleLinkageOrder(correlation);
  const names = order.map((i) => tickers[i]);
  const data: [number, number, number][] = [];
  order.forEach((i, x) => order.forEach((j, y) => data.push([x, y, Number.isFinite(correlation[i][j]) ? +correlation[i][j].toFixed(3) : 0])));
  const box = chartBox("Correlation matrix of the selected assets, clustered order", tickers.length > 14 ? "large" : "medium");
  queueMicrotask(() =>
    mountChart("correlation", box, {
      tooltip: { formatter: (p: unknown) => {
        const v = (p as { data: [number, number, number] }).data;
        return `${names[v[0]]} / ${names[v[1]]}: ${v[2].toFixed(2)}`;
      } },
      grid: { left: 60, right: 20, top: 10, bottom: 80 },
      xAxis: { type: "category", data: names, axisLabel: { rotate: 60, interval: 0, fontSize: 10 } },
      yAxis: { type: "category", data: names, inverse: true, axisLabel: { interval: 0, fontSize: 10 } },
      visualMap: { min: -1, max: 1, calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 160, inRange: { color: ["#2166ac", "#f7f7f7", "#b2182b"] } },
      series: [{ name: "Correlation", type: "heatmap", data }],
    }),
  );
  return box;
}
