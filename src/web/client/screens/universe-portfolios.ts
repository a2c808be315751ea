/// <reference lib="dom" />
/** Saved portfolios: save the current selection under a name, reopen or delete one. */
import { createPortfolio, deletePortfolio, listPortfolios } from "../api/endpoints.js";
import type { Portfolio } from "../api/types.js";
import { h, replace } from "../ui/dom.js";
import { errorBox, loading, notice } from "../ui/status.js";

export function portfoliosPanel(current: () => string[], open: (tickers: readonly string[], id: number) => void): HTMLElement {
  const list = h("div", {}, loading("Loading portfolios…"));
  const status = h("div", { "aria-live": "polite" });
  const name = h("input", { type: "text", placeholder: "Portfolio name", "aria-label": "Portfolio name", required: true });

  const refresh = async (): Promise<void> => {
    let portfolios: Portfolio[];
    try {
      portfolios = await listPortfolios();
    } catch (error) {
      replace(list, errorBox(error));
      return;
    }
    if (portfolios.length === 0) {
      replace(list, h("p", { class: "hint" }, "No saved portfolios yet."));
      return;
    }
    replace(
      list,
      h(
        "ul",
        { class: "portfolios" },
        ...portfolios.map((p) =>
          h(
            "li",
            {},
            h("strong", {}, p.name),
            ` (${p.tickers.length} assets) `,
            h("button", { type: "button", class: "link", onclick: () => open(p.tickers, p.id) }, "Open"),
            h("button", { type: "button", class: "link", "aria-label": `Delete portfolio ${p.name}`, onclick: () => void remove(p) }, "Delete"),
          ),
        ),
      ),
    );
  };

  const remove = async (p: Portfolio): Promise<void> => {
    if (!confirm(`Delete the portfolio "${p.name}"?`)) return;
    try {
      await deletePortfolio(p.id);
      await refresh();
    } catch (error) {
      replace(status, errorBox(error));
    }
  };

  const form = h(
    "form",
    { class: "row" },
    name,
    h("button", { type: "submit" }, "Save selection"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const tickers = current();
    if (!name.value.trim()) return;
    replace(status, loading("Saving…"));
    try {
      const saved = await createPortfolio(name.value.trim(), tickers);
      replace(status, notice(`Saved "${saved.name}" with ${tickers.length} assets.`));
      open(saved.tickers, saved.id);
      name.value = "";
      await refresh();
    } catch (error) {
      replace(status, errorBox(error));
    }
  });

  void refresh();
  return h("section", { class: "panel" }, h("h2", {}, "Portfolios"), form, status, list);
}
