/// <reference lib="dom" />
/**
 * Universe: the assets in the store (ticker, name, history range), a search box, checkboxes to pick
 * the universe, saved portfolios, CSV import by drag-and-drop and fetching from Yahoo. The selection
 * travels to the other screens in the URL.
 */
import { listAssets } from "../api/endpoints.js";
import type { Asset } from "../api/types.js";
import { h, replace } from "../ui/dom.js";
import { errorBox, loading, notice } from "../ui/status.js";
import { currentRoute, navigate, updateParams } from "../state/url-state.js";
import { rememberPortfolio, rememberSelection, selectedTickers } from "../state/selection.js";
import { clearAssetCache, clearPriceCache } from "../api/price-cache.js";
import { csvDropZone } from "./universe-import.js";
import { yahooFetchForm } from "./universe-fetch.js";
import { portfoliosPanel } from "./universe-portfolios.js";

/** Index series (the benchmark) are listed but not picked by default: they are not investable assets. */
export function defaultTickers(assets: readonly Asset[]): string[] {
  return assets.filter((a) => a.rows > 0 && a.sector !== "Index").map((a) => a.ticker);
}

function assetRow(a: Asset, selected: Set<string>, onToggle: () => void): HTMLTableRowElement {
  const box = h("input", { type: "checkbox", "aria-label": `Select ${a.ticker}`, checked: selected.has(a.ticker) });
  box.addEventListener("change", () => {
    if (box.checked) selected.add(a.ticker);
    else selected.delete(a.ticker);
    onToggle();
  });
  return h(
    "tr",
    { "data-ticker": a.ticker },
    h("td", {}, box),
    h("td", {}, h("strong", {}, a.ticker)),
    h("td", {}, a.name ?? ""),
    h("td", {}, a.sector ?? ""),
    h("td", {}, a.firstDate ?? "–"),
    h("td", {}, a.lastDate ?? "–"),
    h("td", { class: "num" }, a.rows.toLocaleString("en-US")),
  );
}

export async function renderUniverse(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const listArea = h("div", { class: "table-scroll" }, loading("Loading assets…"));
  const summary = h("p", { class: "hint", "aria-live": "polite" });
  const search = h("input", { type: "search", placeholder: "Search ticker or name", "aria-label": "Search assets", value: params.get("q") ?? "" });
  const selected = new Set<string>();
  let assets: Asset[] = [];

  const commit = (portfolio?: number | null): void => {
    const tickers = assets.map((a) => a.ticker).filter((t) => selected.has(t));
    summary.textContent = `${tickers.length} of ${assets.length} assets selected`;
    rememberSelection(tickers);
    updateParams({ tickers: tickers.join(",") });
    if (portfolio !== undefined) {
      rememberPortfolio(portfolio);
      updateParams({ portfolio: portfolio === null ? undefined : String(portfolio) });
    }
  };

  const draw = (): void => {
    const q = search.value.trim().toLowerCase();
    const shown = assets.filter((a) => !q || a.ticker.toLowerCase().includes(q) || (a.name ?? "").toLowerCase().includes(q));
    if (assets.length === 0) {
      replace(listArea, notice("The store has no assets yet: drop a price CSV below to import one."));
      return;
    }
    replace(
      listArea,
      h(
        "table",
        { class: "data", "data-testid": "asset-table" },
        h("thead", {}, h("tr", {}, ...["", "Ticker", "Name", "Sector", "First date", "Last date"].map((l) => h("th", { scope: "col" }, l)), h("th", { scope: "col", class: "num" }, "Prices"))),
        h("tbody", {}, ...shown.map((a) => assetRow(a, selected, () => commit(null)))),
      ),
    );
  };

  const load = async (): Promise<void> => {
    try {
      assets = await listAssets();
    } catch (error) {
      replace(listArea, errorBox(error));
      return;
    }
    const wanted = selectedTickers().filter((t) => assets.some((a) => a.ticker === t));
    selected.clear();
    for (const t of wanted.length > 0 ? wanted : defaultTickers(assets)) selected.add(t);
    draw();
    commit();
  };

  /** New prices change the assets' ranges and the cached series. */
  const reload = (): void => {
    clearAssetCache();
    clearPriceCache();
    void load();
  };

  search.addEventListener("input", () => {
    updateParams({ q: search.value });
    draw();
  });

  const setAll = (on: boolean): void => {
    const q = search.value.trim().toLowerCase();
    for (const a of assets) {
      if (q && !a.ticker.toLowerCase().includes(q) && !(a.name ?? "").toLowerCase().includes(q)) continue;
      if (on) selected.add(a.ticker);
      else selected.delete(a.ticker);
    }
    draw();
    commit(null);
  };

  const go = (screen: "optimize" | "backtest" | "allocate"): void => {
    const tickers = assets.map((a) => a.ticker).filter((t) => selected.has(t));
    navigate(screen, { tickers: tickers.join(","), portfolio: currentRoute().params.get("portfolio") ?? undefined });
  };

  const current = (): string[] => assets.map((a) => a.ticker).filter((t) => selected.has(t));
  const openPortfolio = (tickers: readonly string[], id: number): void => {
    selected.clear();
    for (const t of tickers) selected.add(t);
    draw();
    commit(id);
  };

  replace(
    main,
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        {},
        portfoliosPanel(current, openPortfolio),
        h("section", { class: "panel" }, h("h2", {}, "Import prices"), csvDropZone(reload)),
        h("section", { class: "panel", "data-testid": "yahoo-fetch" }, h("h2", {}, "Fetch from Yahoo"), yahooFetchForm(reload)),
      ),
      h(
        "section",
        { class: "panel", "aria-labelledby": "assets-title" },
        h("h2", { id: "assets-title" }, "Assets"),
        h(
          "div",
          { class: "row" },
          search,
          h("button", { type: "button", onclick: () => setAll(true) }, "Select all"),
          h("button", { type: "button", onclick: () => setAll(false) }, "Clear"),
          h("button", { type: "button", class: "primary", onclick: () => go("optimize") }, "Optimize →"),
          h("button", { type: "button", onclick: () => go("backtest") }, "Backtest →"),
        ),
        summary,
        listArea,
      ),
    ),
  );
  await load();
}
