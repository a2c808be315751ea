/// <reference lib="dom" />
/**
 * Fetch from Yahoo: tickers (and an optional date range) sent to POST /prices/fetch, which downloads
 * through the server and stores them. Offline, the server answers 503 with a problem saying so, shown
 * inline next to the form like every other API error.
 */
import { fetchPrices } from "../api/endpoints.js";
import type { PriceFetchResult } from "../api/types.js";
import { field, h, replace } from "../ui/dom.js";
import { errorBox, notice, withLoading } from "../ui/status.js";

function tickersOf(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((t) => t.trim().toUpperCase()).filter((t) => t.length > 0))];
}

function outcome(result: PriceFetchResult): HTMLElement {
  const stored = `${result.provider}: ${result.inserted.toLocaleString("en-US")} new and ${result.updated.toLocaleString("en-US")} updated prices for ${result.tickers.join(", ") || "no ticker"} (${result.start} to ${result.end}).`;
  return h(
    "div",
    { "data-testid": "fetch-result" },
    notice(stored, result.failed.length > 0 ? "warning" : "info"),
    result.failed.length > 0 ? h("ul", {}, ...result.failed.map((f) => h("li", { class: "bad" }, h("strong", {}, f.ticker), ` ${f.message}`))) : null,
  );
}

/** The form; `onFetched` reloads the asset list after prices were stored. */
export function yahooFetchForm(onFetched: () => void): HTMLElement {
  const tickers = h("input", { type: "text", name: "fetch-tickers", placeholder: "e.g. NVDA, BRK-B", autocomplete: "off", required: true });
  const start = h("input", { type: "date", name: "fetch-start" });
  const end = h("input", { type: "date", name: "fetch-end" });
  const button = h("button", { type: "submit", "data-testid": "run-fetch" }, "Fetch");
  const status = h("div", { "aria-live": "polite", "data-testid": "fetch-status" });
  const form = h("form", { "aria-label": "Fetch prices from Yahoo" }, field("Tickers", tickers, "Comma or space separated"), h("div", { class: "row" }, field("From", start), field("To", end)), button, status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const list = tickersOf(tickers.value);
    if (list.length === 0) {
      replace(status, errorBox(new Error("Name at least one ticker to fetch.")));
      return;
    }
    void withLoading(
      status,
      async () => {
        const result = await fetchPrices({ tickers: list, start: start.value || undefined, end: end.value || undefined });
        replace(status, outcome(result));
        onFetched();
      },
      { button, text: `Fetching ${list.join(", ")}…` },
    );
  });
  return form;
}
