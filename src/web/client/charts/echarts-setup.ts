/// <reference lib="dom" />
/**
 * ECharts, tree-shaken: only the chart types and components the dashboard draws are registered, which
 * keeps the bundle far below the full library (the page-weight budget is 1.5 MB compressed).
 * Every chart goes through `mountChart`, which picks the light or dark theme, resizes with its box,
 * and records the instance by name so tests (and curious users in the console) can read its series.
 */
import { init, use, type ComposeOption, type ECharts } from "echarts/core";
import { BarChart, HeatmapChart, LineChart, ScatterChart, type BarSeriesOption, type HeatmapSeriesOption, type LineSeriesOption, type ScatterSeriesOption } from "echarts/charts";
import {
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkPointComponent,
  TooltipComponent,
  VisualMapComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkPointComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { isDark } from "../state/theme.js";

use([BarChart, HeatmapChart, LineChart, ScatterChart, AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkPointComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | DataZoomComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkPointComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

interface MountedChart {
  readonly chart: ECharts;
  readonly option: ChartOption;
  readonly observer: ResizeObserver;
}

const mounted = new Map<string, MountedChart>();

declare global {
  interface Window {
    /** Read-only view of the drawn charts: name → the series data ECharts holds. */
    dashboardCharts?: { names(): string[]; seriesData(name: string): unknown[][] };
  }
}

window.dashboardCharts = {
  names: () => [...mounted.keys()].filter((n) => !mounted.get(n)?.chart.isDisposed()),
  seriesData: (name) => {
    const entry = mounted.get(name);
    if (!entry || entry.chart.isDisposed()) return [];
    const option = entry.chart.getOption() as { series?: { data?: unknown[] }[] };
    return (option.series ?? []).map((s) => s.data ?? []);
  },
};

/** Draws `option` into `container` (replacing any chart of the same name). */
export function mountChart(name: string, container: HTMLElement, option: ChartOption): ECharts {
  mounted.get(name)?.observer.disconnect();
  mounted.get(name)?.chart.dispose();
  const chart = init(container, isDark() ? "dark" : undefined, { renderer: "canvas" });
  chart.setOption({ backgroundColor: "transparent", aria: { enabled: true }, animationDuration: 300, ...option });
  const observer = new ResizeObserver(() => {
    if (!chart.isDisposed()) chart.resize();
  });
  observer.observe(container);
  mounted.set(name, { chart, option, observer });
  container.dataset.chart = name;
  return chart;
}

/** Redraws every live chart with the current theme (after the light/dark toggle). */
export function rethemeCharts(): void {
  for (const [name, entry] of mounted) {
    const container = entry.chart.getDom() as HTMLElement;
    if (entry.chart.isDisposed() || !container.isConnected) {
      mounted.delete(name);
      continue;
    }
    mountChart(name, container, entry.option);
  }
}

/** Disposes charts whose containers left the page (screen change). */
export function disposeDetachedCharts(): void {
  for (const [name, entry] of mounted) {
    if (!(entry.chart.getDom() as HTMLElement).isConnected) {
      entry.observer.disconnect();
      entry.chart.dispose();
      mounted.delete(name);
    }
  }
}

/** A chart box: a div with a fixed height class, labelled for assistive technology. */
export function chartBox(label: string, size: "small" | "medium" | "large" = "medium"): HTMLDivElement {
  const box = document.createElement("div");
  box.className = `chart ${size}`;
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", label);
  return box;
}
