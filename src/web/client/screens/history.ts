/// <reference lib="dom" />
/**
 * History: every saved optimization and backtest on the server, newest first, to reopen, compare two,
 * export as JSON or CSV, print (a backtest's report), or delete.
 */
import { backtestView } from "../analysis/backtest-view.js";
import { deleteResult, getResult } from "../api/endpoints.js";
import { deleteBacktest, getBacktest } from "../api/saved-runs.js";
import type { BacktestView } from "../api/types.js";
import { h, replace } from "../ui/dom.js";
import { download, toCsv } from "../ui/download.js";
import { timestamp } from "../ui/format.js";
import { errorBox, loading, notice } from "../ui/status.js";
import { navigate } from "../state/url-state.js";
import { backtestCsv, renderBacktestResult } from "./backtest-results.js";
import { compareOptimizations } from "./history-compare.js";
import { historyPage, type HistoryEntry } from "./history-entries.js";

async function backtestOf(entry: HistoryEntry): Promise<BacktestView> {
  return backtestView({ run: await getBacktest(entry.id) });
}

function fullRecord(entry: HistoryEntry): Promise<unknown> {
  return entry.kind === "optimization" ? getResult(entry.id) : getBacktest(entry.id);
}

async function exportCsv(entry: HistoryEntry): Promise<void> {
  if (entry.kind === "optimization") {
    const run = await getResult(entry.id);
    const rows = Object.entries(run.weights).sort((a, b) => b[1] - a[1]);
    download(`optimization-${entry.id}.csv`, toCsv([["ticker", "weight"], ...rows]), "text/csv");
  } else {
    download(`backtest-${entry.id}.csv`, backtestCsv(await backtestOf(entry)), "text/csv");
  }
}

/** Two backtests as one view: each run named after its backtest, so both sets of curves show. */
function mergeBacktests(a: BacktestView, b: BacktestView, names: readonly [string, string]): BacktestView {
  const tag = (v: BacktestView, n: string): BacktestView["runs"] => v.runs.map((r) => ({ ...r, model: `${n} ${r.model}` }));
  return { runs: [...tag(a, names[0]), ...tag(b, names[1])] };
}

export async function renderHistory(main: HTMLElement): Promise<void> {
  const status = h("div", { "aria-live": "polite" });
  const detail = h("div");
  const listArea = h("div", {}, loading("Loading saved runs…"));
  const more = h("div", { class: "row no-print" });
  const picked = new Set<string>();
  let entries: HistoryEntry[] = [];
  let next: string | null = null;

  const act = async (task: () => Promise<void>): Promise<void> => {
    replace(status);
    try {
      await task();
    } catch (error) {
      replace(status, errorBox(error));
    }
  };

  const open = (entry: HistoryEntry): Promise<void> =>
    act(async () => {
      if (entry.kind === "optimization") {
        navigate("optimize", { result: String(entry.id) });
        return;
      }
      replace(detail, loading("Loading the backtest…"));
      renderBacktestResult(detail, await backtestOf(entry), `Backtest report #${entry.id} (${entry.label})`);
      detail.scrollIntoView({ block: "start" });
    });

  const remove = (entry: HistoryEntry): Promise<void> =>
    act(async () => {
      if (!confirm(`Delete ${entry.kind} #${entry.id}? This cannot be undone.`)) return;
      await (entry.kind === "optimization" ? deleteResult(entry.id) : deleteBacktest(entry.id));
      picked.delete(entry.key);
      entries = entries.filter((e) => e.key !== entry.key);
      draw();
      replace(status, notice(`Deleted ${entry.kind} #${entry.id}.`));
    });

  const compare = (): Promise<void> =>
    act(async () => {
      const chosen = entries.filter((e) => picked.has(e.key));
      if (chosen.length !== 2 || chosen[0].kind !== chosen[1].kind) {
        replace(status, notice("Tick exactly two runs of the same kind to compare them.", "warning"));
        return;
      }
      replace(detail, loading("Loading both runs…"));
      if (chosen[0].kind === "optimization") {
        const [a, b] = await Promise.all(chosen.map((e) => getResult(e.id)));
        replace(detail, compareOptimizations(a, b));
      } else {
        const [a, b] = await Promise.all(chosen.map(backtestOf));
        renderBacktestResult(detail, mergeBacktests(a, b, [`#${chosen[0].id}`, `#${chosen[1].id}`]), "Backtest comparison");
      }
    });

  const row = (e: HistoryEntry): HTMLTableRowElement => {
    const box = h("input", { type: "checkbox", "aria-label": `Pick ${e.kind} ${e.id} to compare`, checked: picked.has(e.key) });
    box.addEventListener("change", () => (box.checked ? picked.add(e.key) : picked.delete(e.key)));
    return h(
      "tr",
      { "data-run": e.key },
      h("td", {}, box),
      h("td", {}, h("span", { class: "badge" }, e.kind)),
      h("td", {}, `#${e.id}`),
      h("td", {}, timestamp(e.createdAt)),
      h("td", {}, e.label),
      h("td", { class: "hint" }, e.measures),
      h("td", {}, e.portfolio ?? "–"),
      h(
        "td",
        {},
        h("button", { type: "button", class: "link", "data-action": "open", onclick: () => void open(e) }, e.kind === "backtest" ? "Open report" : "Open"),
        h("button", { type: "button", class: "link", "data-action": "json", onclick: () => void act(async () => download(`${e.kind}-${e.id}.json`, JSON.stringify(await fullRecord(e), null, 2), "application/json")) }, "JSON"),
        h("button", { type: "button", class: "link", "data-action": "csv", onclick: () => void act(() => exportCsv(e)) }, "CSV"),
        h("button", { type: "button", class: "link", "data-action": "delete", onclick: () => void remove(e) }, "Delete"),
      ),
    );
  };

  function draw(): void {
    if (entries.length === 0) {
      replace(listArea, notice("No saved runs yet: optimize or backtest a portfolio and it appears here."));
    } else {
      replace(
        listArea,
        h(
          "div",
          { class: "table-scroll" },
          h(
            "table",
            { class: "data", "data-testid": "history-table" },
            h("thead", {}, h("tr", {}, ...["", "Kind", "Id", "Created", "Run", "Measures", "Portfolio", ""].map((l) => h("th", { scope: "col" }, l)))),
            h("tbody", {}, ...entries.map(row)),
          ),
        ),
      );
    }
    replace(more, next === null ? null : h("button", { type: "button", onclick: () => void loadPage() }, "Load older runs"));
  }

  async function loadPage(): Promise<void> {
    try {
      const page = await historyPage(next ?? undefined);
      const known = new Set(entries.map((e) => e.key));
      entries = [...entries, ...page.entries.filter((e) => !known.has(e.key))];
      next = page.entries.length > 0 ? page.next : null;
    } catch (error) {
      replace(listArea, errorBox(error));
      return;
    }
    draw();
  }

  replace(
    main,
    h(
      "section",
      { class: "panel" },
      h("h2", {}, "History"),
      h("div", { class: "row no-print" }, h("button", { type: "button", onclick: () => void compare() }, "Compare the two ticked")),
      status,
      listArea,
      more,
    ),
    detail,
  );
  await loadPage();
}
