/// <reference lib="dom" />
/**
 * Optimize: the settings form on the left, the result on the right. Submitting runs POST /optimize and
 * POST /frontier together (both saved as runs) and fetches the assets' prices for the frontier markers
 * and the correlation heatmap. `#/optimize?result=ID` reopens a stored run.
 */
import { assetStatistics, type AssetStatistics } from "../analysis/asset-statistics.js";
import { frontier, getResult, optimize } from "../api/endpoints.js";
import { cachedAssets, cachedPrices, sectorGroups } from "../api/price-cache.js";
import { optimizeResponseOf, type FrontierResponse, type OptimizeResponse } from "../api/types.js";
import { h, replace } from "../ui/dom.js";
import { errorBox, loading, notice } from "../ui/status.js";
import { navigate, updateParams } from "../state/url-state.js";
import { rememberSelection, selectedTickers } from "../state/selection.js";
import { defaultTickers } from "./universe.js";
import { optimizeForm } from "./optimize-form.js";
import { settingsFromRequest } from "./optimize-reopen.js";
import { renderOptimizeResult } from "./optimize-results.js";
import { frontierBody, optimizeBody, settingsFromParams, settingsToParams, type OptimizeSettings } from "./optimize-settings.js";

export async function statisticsFor(s: Pick<OptimizeSettings, "tickers" | "start" | "end">): Promise<AssetStatistics> {
  const series = await Promise.all(s.tickers.map((t) => cachedPrices(t)));
  return assetStatistics(series, { start: s.start || undefined, end: s.end || undefined });
}

/** The selection, or every investable asset when nothing was picked yet (a first visit). */
export async function universeTickers(): Promise<string[]> {
  const picked = selectedTickers();
  return picked.length > 0 ? picked : defaultTickers(await cachedAssets());
}

async function reopen(id: number, base: OptimizeSettings): Promise<{ settings: OptimizeSettings; result: OptimizeResponse }> {
  const run = await getResult(id);
  const settings = settingsFromRequest((run.parameters ?? {}) as Record<string, unknown>, base);
  return { settings, result: optimizeResponseOf(run) };
}

export async function renderOptimize(main: HTMLElement, params: URLSearchParams): Promise<void> {
  replace(main, loading("Loading…"));
  const tickers = await universeTickers();
  if (tickers.length === 0) {
    replace(main, notice("Pick some assets first."), h("button", { type: "button", onclick: () => navigate("universe") }, "Go to Universe"));
    return;
  }
  let settings = settingsFromParams(params, tickers);
  const results = h("div", { "aria-live": "polite" });
  const formArea = h("div");
  replace(main, h("div", { class: "columns" }, formArea, h("div", {}, results)));

  const reopenId = Number(params.get("result"));
  let reopened: OptimizeResponse | null = null;
  if (Number.isInteger(reopenId) && reopenId > 0) {
    try {
      ({ settings, result: reopened } = await reopen(reopenId, settings));
    } catch (error) {
      replace(results, errorBox(error));
    }
  }
  const groups = await sectorGroups(settings.tickers);

  const run = async (s: OptimizeSettings): Promise<void> => {
    rememberSelection(s.tickers);
    updateParams({ ...settingsToParams(s), result: undefined });
    const button = form.element.querySelector("button[type=submit]") as HTMLButtonElement;
    button.disabled = true;
    replace(results, loading("Optimizing…"));
    const frontierRequest: Promise<FrontierResponse> = frontier(frontierBody(s, groups));
    frontierRequest.catch(() => undefined); // shown in its own panel
    try {
      const result = await optimize(optimizeBody(s, groups));
      if (result.runId !== undefined) {
        updateParams({ result: String(result.runId) });
      }
      renderOptimizeResult(results, { result, frontier: frontierRequest, statistics: statisticsFor(s) });
    } catch (error) {
      replace(results, errorBox(error));
    } finally {
      button.disabled = false;
    }
  };

  const form = optimizeForm(settings, groups, (s) => void run(s));
  replace(formArea, form.element);
  if (reopened) {
    const s = settings;
    renderOptimizeResult(results, { result: reopened, frontier: frontier(frontierBody(s, groups)), statistics: statisticsFor(s) });
  } else if (results.childElementCount === 0) {
    replace(results, notice("Choose a model and press Optimize. The defaults (maximum Sharpe ratio, Ledoit–Wolf risk, long only) are a good start."));
  }
}
