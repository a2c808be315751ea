/// <reference lib="dom" />
/**
 * Allocate: a saved optimization's weights → whole shares for new money, or, from the shares and cash
 * held now, the trades that bring an account back to them (POST /allocate). Every field is in the URL,
 * so a plan can be reopened or sent on.
 */
import { allocate, getResult } from "../api/endpoints.js";
import { listResults } from "../api/saved-runs.js";
import type { ResultSummary } from "../api/types.js";
import { modelLabel } from "../catalogue.js";
import { field, h, replace, select } from "../ui/dom.js";
import { timestamp } from "../ui/format.js";
import { errorBox, notice, withLoading } from "../ui/status.js";
import { navigate, updateParams } from "../state/url-state.js";
import { allocationResult } from "./allocate-result.js";

/** "AAPL 10" per line (or "AAPL:10, MSFT:5") → shares by ticker; throws naming the bad entry. */
export function parseHoldings(text: string): Record<string, number> {
  const holdings: Record<string, number> = {};
  for (const entry of text.split(/[\n,;]+/).map((e) => e.trim()).filter((e) => e.length > 0)) {
    const match = /^([A-Za-z0-9.^=-]+)[\s:=]+(-?\d+(?:\.\d+)?)$/.exec(entry);
    if (match === null) throw new Error(`"${entry}" is not "TICKER SHARES" (for example "AAPL 10").`);
    holdings[match[1].toUpperCase()] = Number(match[2]);
  }
  return holdings;
}

function numberInput(name: string, value: string | null, props: Record<string, string> = {}): HTMLInputElement {
  return h("input", { type: "number", step: "any", min: "0", name, value: value ?? "", ...props });
}

function runOption(r: ResultSummary): { value: string; label: string } {
  return { value: String(r.id), label: `#${r.id} ${r.models.map(modelLabel).join(", ") || "Optimization"} · ${timestamp(r.createdAt)}` };
}

export async function renderAllocate(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const saved = (await listResults({ kind: "optimization", limit: 100 })).items.filter((r) => !r.models.some((m) => m === "frontier" || m === "allocation"));
  const chosen = params.get("result") ?? (saved[0] ? String(saved[0].id) : "");
  if (!chosen) {
    replace(main, h("section", { class: "panel" }, h("h2", {}, "Allocate"), notice("Optimize a portfolio first: its weights are turned into whole shares here."), h("button", { type: "button", onclick: () => navigate("optimize") }, "Go to Optimize")));
    return;
  }
  const options = saved.map(runOption);
  if (!options.some((o) => o.value === chosen)) options.unshift({ value: chosen, label: `#${chosen}` });
  const runPicker = select(options, chosen, { name: "result" });
  const mode = select([{ value: "new", label: "Invest new money" }, { value: "rebalance", label: "Rebalance what I hold" }], params.get("mode") === "rebalance" ? "rebalance" : "new", { name: "mode" });
  const amount = numberInput("value", params.get("value") ?? "10000", { min: "1" });
  const method = select([{ value: "milp", label: "Exact (MILP)" }, { value: "greedy", label: "Greedy (fast)" }], params.get("method") === "greedy" ? "greedy" : "milp", { name: "method" });
  const holdings = h("textarea", { name: "holdings", rows: "4", placeholder: "AAPL 10\nMSFT 5" });
  holdings.value = (params.get("holdings") ?? "").split(",").filter(Boolean).map((e) => e.replace(":", " ")).join("\n");
  const cash = numberInput("cash", params.get("cash") ?? "0");
  const fixedFee = numberInput("fixedFee", params.get("fixedFee"));
  const feeBps = numberInput("feeBps", params.get("feeBps"));
  const buyOnly = h("input", { type: "checkbox", name: "buyOnly", checked: params.get("buyOnly") === "1" });
  const newMoney = h("div", {}, field("Amount to invest", amount), field("Method", method, "Exact finds the closest whole-share portfolio; greedy rounds weight by weight."));
  const account = h(
    "div",
    {},
    field("Shares held now", holdings, "One \"TICKER SHARES\" per line"),
    field("Cash, new money included", cash),
    h("div", { class: "row" }, field("Fee per trade", fixedFee), field("Fee (bps of value)", feeBps)),
    h("label", {}, buyOnly, " Buy only (invest the cash, sell nothing)"),
  );
  const showMode = (): void => {
    newMoney.hidden = mode.value !== "new";
    account.hidden = mode.value === "new";
  };
  mode.addEventListener("change", showMode);
  showMode();

  const output = h("div", { "aria-live": "polite" });
  const button = h("button", { type: "submit", class: "primary", "data-testid": "run-allocate" }, "Allocate");
  const form = h("form", { class: "panel", "aria-label": "Allocation settings" }, h("h2", {}, "Allocate"), field("Optimization", runPicker), field("Account", mode), newMoney, account, button);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    let held: Record<string, number> = {};
    try {
      held = mode.value === "new" ? {} : parseHoldings(holdings.value);
      if (mode.value === "new" && !(Number(amount.value) > 0)) throw new Error("The amount must be a positive number.");
    } catch (error) {
      replace(output, errorBox(error));
      return;
    }
    updateParams({
      result: runPicker.value,
      mode: mode.value === "new" ? undefined : mode.value,
      value: mode.value === "new" ? amount.value : undefined,
      method: mode.value === "new" ? method.value : undefined,
      holdings: mode.value === "new" ? undefined : Object.entries(held).map(([t, n]) => `${t}:${n}`).join(","),
      cash: mode.value === "new" ? undefined : cash.value,
      fixedFee: mode.value === "new" ? undefined : fixedFee.value,
      feeBps: mode.value === "new" ? undefined : feeBps.value,
      buyOnly: mode.value !== "new" && buyOnly.checked ? "1" : undefined,
    });
    void withLoading(
      output,
      async () => {
        const run = await getResult(Number(runPicker.value));
        const tickers = [...new Set([...Object.keys(run.weights), ...Object.keys(held)])];
        const fees = { fixed: fixedFee.value ? Number(fixedFee.value) : undefined, proportionalBps: feeBps.value ? Number(feeBps.value) : undefined };
        const body =
          mode.value === "new"
            ? { tickers, weights: run.weights, value: Number(amount.value), method: method.value }
            : { tickers, weights: run.weights, holdings: held, cash: Number(cash.value || 0), fees: fees.fixed === undefined && fees.proportionalBps === undefined ? undefined : fees, buyOnly: buyOnly.checked || undefined };
        const result = await allocate(body);
        replace(output, notice(`Target weights of ${modelLabel(run.model)} #${run.id} from ${timestamp(run.createdAt)}.`), allocationResult(result));
      },
      { button, text: "Allocating…" },
    );
  });
  replace(main, h("div", { class: "columns" }, form, output));
}
