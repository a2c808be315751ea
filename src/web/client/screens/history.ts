/// <reference lib="dom" />
/**
 * History: every saved optimization and backtest (this browser's runs and every portfolio's stored
 * runs), to reopen, compare two, export as JSON or CSV, or delete.
 */
import { backtestView } from "../analysis/backtest-view.js";
import { deleteResult, getResult, jobResult } from "../api/endpoints.js";
import { isMissingEndpoint } from "../api/http.js";
import type { BacktestView } from "../api/types.js";
import { h, replace } from "../ui/dom.js";
import { download, toCsv } from "../ui/download.js";
import { timestamp } from "../ui/format.js";
import { errorBox, loading, notice } from "../ui/status.js";
import { navigate } from "../state/url-state.js";
import { forgetRun } from "../state/run-log.js";
import { backtestCsv, renderBacktestResult } from "./backtest-results.js";
import { compareOptimizations } from "./history-compare.js";
import { historyEntries, type HistoryEntry } from "./history-entries.js";

async function backtestOf(entry: HistoryEntry): Promise<BacktestView> {
  if (entry.backtest) return backtestView({ run: entry.backtest });
  return backtestView(await jobResult(entry.id));
}

async function fullRecord(entry: HistoryEntry): Promise<unknown> {
  if (entry.kind === "optimization") return entry.optimization ?? getResult(entry.id);
  return entry.backtest ?? jobResult(entry.id);
}

async function exportCsv(entry: HistoryEntry): Promise<void> {
  if (entry.kind === "optimization") {
    const run = entry.optimization ?? (await getResult(entry.id));
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
  const picked = new Set<string>();
  let entries: HistoryEntry[] = [];

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
      if (entry.kind === "optimization") navigate("optimize", { result: String(entry.id) });
      else if (entry.jobId !== null) navigate("backtest", { job: String(entry.jobId) });
      else {
        replace(detail, loading());
        renderBacktestResult(detail, await backtestOf(entry), `Backtest #${entry.id}`);
      }
    });

  const remove = (entry: HistoryEntry): Promise<void> =>
    act(async () => {
      if (!confirm(`Delete ${entry.kind} #${entry.id}?`)) return;
      let message = `Deleted ${entry.kind} #${entry.id}.`;
      if (entry.kind === "optimization") {
        try {
          await deleteResult(entry.id);
        } catch (error) {
          if (!isMissingEndpoint(error)) throw error;
          message = `Removed #${entry.id} from this browser's history (this server keeps its stored runs).`;
        }
      }
      forgetRun(entry.kind, entry.id);
      await refresh();
      replace(status, notice(message));
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
        const [a, b] = await Promise.all(chosen.map((e) => e.optimization ?? getResult(e.id)));
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
      h("td", {}, e.portfolio ?? "–"),
      h(
        "td",
        {},
        h("button", { type: "button", class: "link", "data-action": "open", onclick: () => void open(e) }, "Open"),
        h("button", { type: "button", class: "link", onclick: () => void act(async () => download(`${e.kind}-${e.id}.json`, JSON.stringify(await fullRecord(e), null, 2), "application/json")) }, "JSON"),
        h("button", { type: "button", class: "link", onclick: () => void act(() => exportCsv(e)) }, "CSV"),
        h("button", { type: "button", class: "link", onclick: () => void remove(e) }, "Delete"),
      ),
    );
  };

  const refresh = async (): Promise<void> => {
    try {
      entries = await historyEntries();
    } catch (error) {
      replace(listArea, errorBox(error));
      return;
    }
    if (entries.length === 0) {
      replace(listArea, notice("No saved runs yet: optimize or backtest a portfolio and it appears here."));
      return;
    }
    replace(
      listArea,
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "data", "data-testid": "history-table" },
          h("thead", {}, h("tr", {}, ...["", "Kind", "Id", "Created", "Run", "Portfolio", ""].map((l) => h("th", { scope: "col" }, l)))),
          h("tbody", {}, ...entries.map(row)),
        ),
      ),
    );
  };

  replace(
    main,
    h(
      "section",
      { class: "panel" },
      h("h2", {}, "History"),
      h("div", { class: "row no-print" }, h("button", { type: "button", onclick: () => void compare() }, "Compare the two ticked")),
      status,
      listArea,
    ),
    detail,
  );
  await refresh();
}
