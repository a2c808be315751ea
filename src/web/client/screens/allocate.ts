/// <reference lib="dom" />
/**
 * Allocate: an amount of money and an optimization's weights → whole shares and leftover cash
 * (POST /allocate, issue 5's `{"shares","leftover","trades"}`), exportable as CSV. The weights come
 * from `?result=ID` (a stored optimization) or from the runs made in this browser.
 */
import { allocate, getResult } from "../api/endpoints.js";
import { isMissingEndpoint } from "../api/http.js";
import { cachedPrices } from "../api/price-cache.js";
import type { AllocationResponse, OptimizationRun } from "../api/types.js";
import { modelLabel } from "../catalogue.js";
import { field, h, replace, select } from "../ui/dom.js";
import { download, toCsv } from "../ui/download.js";
import { money, percent } from "../ui/format.js";
import { errorBox, loading, notice } from "../ui/status.js";
import { dataTable } from "../ui/table.js";
import { navigate, updateParams } from "../state/url-state.js";
import { loggedRuns } from "../state/run-log.js";

interface AllocationRow {
  readonly ticker: string;
  readonly weight: number;
  readonly shares: number;
  readonly price: number | null;
}

async function latestPrices(tickers: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await Promise.all(
    tickers.map(async (t) => {
      const series = await cachedPrices(t).catch(() => null);
      if (series && series.closes.length > 0) out[t] = series.closes[series.closes.length - 1];
    }),
  );
  return out;
}

function allocationCsv(rows: readonly AllocationRow[], leftover: number): string {
  return toCsv([["ticker", "weight", "shares", "price", "value"], ...rows.map((r) => [r.ticker, r.weight, r.shares, r.price, r.price === null ? null : +(r.price * r.shares).toFixed(2)]), ["cash", null, null, null, +leftover.toFixed(2)]]);
}

async function showAllocation(target: HTMLElement, run: OptimizationRun, value: number): Promise<void> {
  let response: AllocationResponse;
  try {
    response = await allocate({ weights: run.weights, value });
  } catch (error) {
    replace(target, isMissingEndpoint(error) ? notice("Allocation is not available on this server yet (the API answered 404 for /api/v1/allocate).", "warning") : errorBox(error));
    return;
  }
  const prices = { ...(await latestPrices(Object.keys(response.shares))), ...(response.prices ?? {}) };
  const rows: AllocationRow[] = Object.entries(response.shares)
    .filter(([, shares]) => shares !== 0)
    .map(([ticker, shares]) => ({ ticker, shares, weight: run.weights[ticker] ?? 0, price: prices[ticker] ?? null }))
    .sort((a, b) => b.weight - a.weight);
  const invested = rows.reduce((s, r) => s + (r.price ?? 0) * r.shares, 0);
  replace(
    target,
    h(
      "section",
      { class: "panel", "data-testid": "allocation-result" },
      h("div", { class: "stats" }, h("div", { class: "stat" }, h("div", { class: "value" }, money(invested)), h("div", { class: "label" }, "Invested")), h("div", { class: "stat" }, h("div", { class: "value", "data-testid": "leftover" }, money(response.leftover)), h("div", { class: "label" }, "Leftover cash"))),
      dataTable(rows, [
        { label: "Ticker", cell: (r) => r.ticker },
        { label: "Target weight", numeric: true, cell: (r) => percent(r.weight) },
        { label: "Shares", numeric: true, cell: (r) => r.shares.toLocaleString("en-US") },
        { label: "Price", numeric: true, cell: (r) => money(r.price) },
        { label: "Value", numeric: true, cell: (r) => money(r.price === null ? null : r.price * r.shares) },
      ], { testId: "allocation-table" }),
      h("div", { class: "row" }, h("button", { type: "button", onclick: () => download("allocation.csv", allocationCsv(rows, response.leftover), "text/csv") }, "Export CSV")),
    ),
  );
}

export async function renderAllocate(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const runs = loggedRuns().filter((r) => r.kind === "optimization");
  const chosen = params.get("result") ?? (runs[0] ? String(runs[0].id) : "");
  if (!chosen) {
    replace(main, h("section", { class: "panel" }, h("h2", {}, "Allocate"), notice("Optimize a portfolio first: its weights are turned into whole shares here."), h("button", { type: "button", onclick: () => navigate("optimize") }, "Go to Optimize")));
    return;
  }
  const options = runs.map((r) => ({ value: String(r.id), label: `#${r.id} ${r.label}` }));
  if (!options.some((o) => o.value === chosen)) options.unshift({ value: chosen, label: `#${chosen}` });
  const runPicker = select(options, chosen, { name: "result" });
  const amount = h("input", { type: "number", min: "1", step: "any", name: "value", value: params.get("value") ?? "10000" });
  const output = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "panel", "aria-label": "Allocation settings" },
    h("h2", {}, "Allocate"),
    field("Optimization", runPicker),
    field("Amount to invest", amount),
    h("button", { type: "submit", class: "primary", "data-testid": "run-allocate" }, "Allocate"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = Number(amount.value);
    updateParams({ result: runPicker.value, value: amount.value });
    if (!(value > 0)) {
      replace(output, errorBox(new Error("The amount must be a positive number.")));
      return;
    }
    replace(output, loading("Allocating…"));
    try {
      const run = await getResult(Number(runPicker.value));
      replace(output, notice(`${modelLabel(run.model)} from ${run.createdAt.slice(0, 10)}`));
      const table = h("div");
      output.append(table);
      await showAllocation(table, run, value);
    } catch (error) {
      replace(output, errorBox(error));
    }
  });
  replace(main, h("div", { class: "columns" }, form, output));
}
