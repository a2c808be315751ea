/// <reference lib="dom" />
/**
 * An allocation drawn: what it costs and what is left, the shares to hold (target and achieved weight,
 * price, value), the trades to place, each exportable as CSV for a broker's order ticket.
 */
import type { AllocationResponse } from "../api/types.js";
import { h } from "../ui/dom.js";
import { download, toCsv } from "../ui/download.js";
import { money, percent } from "../ui/format.js";
import { notice } from "../ui/status.js";
import { dataTable } from "../ui/table.js";

interface HoldingRow {
  readonly ticker: string;
  readonly target: number;
  readonly achieved: number;
  readonly shares: number;
  readonly price: number;
}

function holdingRows(a: AllocationResponse): HoldingRow[] {
  const tickers = Object.keys(a.prices).filter((t) => (a.shares[t] ?? 0) !== 0 || (a.targetWeights[t] ?? 0) !== 0);
  return tickers
    .map((ticker) => ({ ticker, target: a.targetWeights[ticker] ?? 0, achieved: a.weights[ticker] ?? 0, shares: a.shares[ticker] ?? 0, price: a.prices[ticker] }))
    .sort((x, y) => y.target - x.target || x.ticker.localeCompare(y.ticker));
}

export function sharesCsv(a: AllocationResponse): string {
  const rows = holdingRows(a);
  return toCsv([
    ["ticker", "target_weight", "weight", "shares", "price", "value"],
    ...rows.map((r) => [r.ticker, r.target, r.achieved, r.shares, r.price, +(r.shares * r.price).toFixed(2)]),
    ["CASH", null, null, null, null, +a.leftover.toFixed(2)],
  ]);
}

export function tradesCsv(a: AllocationResponse): string {
  return toCsv([["ticker", "side", "shares", "price", "value", "fee"], ...a.trades.map((t) => [t.ticker, t.side, t.shares, a.prices[t.ticker] ?? null, +t.value.toFixed(2), +t.fee.toFixed(2)])]);
}

function stat(label: string, value: string, testId?: string): HTMLElement {
  return h("div", { class: "stat" }, h("div", { class: "value", "data-testid": testId }, value), h("div", { class: "label" }, label));
}

export function allocationResult(a: AllocationResponse): HTMLElement {
  const rows = holdingRows(a);
  const invested = rows.reduce((s, r) => s + r.shares * r.price, 0);
  const rebalance = a.mode === "rebalance";
  const holdings = dataTable(
    rows,
    [
      { label: "Ticker", cell: (r) => r.ticker },
      { label: "Target", numeric: true, cell: (r) => percent(r.target) },
      { label: "Achieved", numeric: true, cell: (r) => percent(r.achieved) },
      { label: "Shares", numeric: true, cell: (r) => r.shares.toLocaleString("en-US", { maximumFractionDigits: 6 }) },
      { label: "Price", numeric: true, cell: (r) => money(r.price) },
      { label: "Value", numeric: true, cell: (r) => money(r.shares * r.price) },
    ],
    { testId: "allocation-table", caption: rebalance ? "Holdings after the trades" : "Shares to buy", foot: ["Total", null, null, null, null, money(invested)] },
  );
  // Exact figures for tests and scripts; the cells show them rounded.
  holdings.querySelectorAll("tbody tr").forEach((tr, i) => {
    const row = rows[i] as HoldingRow;
    tr.setAttribute("data-ticker", row.ticker);
    tr.setAttribute("data-shares", String(row.shares));
    tr.setAttribute("data-price", String(row.price));
  });
  const trades =
    a.trades.length === 0
      ? notice("No trades needed: the holdings are already on target.")
      : dataTable(
          a.trades,
          [
            { label: "Ticker", cell: (t) => t.ticker },
            { label: "Side", cell: (t) => h("span", { class: "badge" }, t.side) },
            { label: "Shares", numeric: true, cell: (t) => t.shares.toLocaleString("en-US", { maximumFractionDigits: 6 }) },
            { label: "Value", numeric: true, cell: (t) => money(t.value) },
            { label: "Fee", numeric: true, cell: (t) => money(t.fee) },
          ],
          { testId: "trades-table", caption: "Trades to place" },
        );
  return h(
    "section",
    { class: "panel", "data-testid": "allocation-result", "data-leftover": String(a.leftover) },
    h(
      "div",
      { class: "stats" },
      stat("Invested", money(invested), "invested"),
      stat("Leftover cash", money(a.leftover), "leftover"),
      stat("Prices of", a.priceDate),
      stat("Method", a.method === "milp" ? "Exact (MILP)" : a.method === "greedy" ? "Greedy" : "Rebalance planner"),
      rebalance ? stat("Fees", money(a.totalFees ?? 0)) : null,
      stat("Largest weight gap", percent(a.maxDeviation ?? null)),
    ),
    rebalance && a.withinTolerance === false ? notice("Some weights stay outside the tolerance: the cash or the buy-only rule does not allow closer.", "warning") : null,
    h("div", { class: "table-scroll" }, holdings),
    rebalance ? h("div", { class: "table-scroll" }, trades) : null,
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", "data-testid": "export-shares", onclick: () => download("allocation-shares.csv", sharesCsv(a), "text/csv") }, "Export shares CSV"),
      h("button", { type: "button", "data-testid": "export-trades", onclick: () => download("allocation-trades.csv", tradesCsv(a), "text/csv") }, "Export trades CSV"),
    ),
  );
}
