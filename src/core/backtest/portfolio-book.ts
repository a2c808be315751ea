/**
 * One strategy's holdings through a backtest: shares (fractional) and cash, marked at each close,
 * traded to targets with costs paid from the portfolio, and the record of what happened. Private to
 * the engine: the public result is the frozen `BacktestRun` that `finish` returns.
 */
import type { PricePanel } from "../returns/price-panel.js";
import type { BacktestEvent, BacktestEventCode, BacktestRun, RebalanceRecord } from "./backtest-result.js";
import { tradeToTarget } from "./trade-to-target.js";

export interface BookSettings {
  readonly name: string;
  readonly panel: PricePanel;
  /** Panel row of the first rebalance (the first recorded date). */
  readonly firstRow: number;
  readonly lastRow: number;
  readonly initialValue: number;
  readonly rate: number;
  readonly fixedCost: number;
  /** Cash growth per row: (1 + cashRate)^(1/periodsPerYear). */
  readonly cashGrowth: number;
  readonly recordDailyWeights: boolean;
}

/** A trade's targets and where they came from. */
export interface TradeOrder {
  readonly targets: Float64Array;
  /** Set for a rebalance (recorded in `rebalances`); absent for a pro-rata cash-flow trade. */
  readonly rebalance?: {
    readonly riskContributions: Float64Array | null;
    readonly source: "strategy" | "fallback";
  };
}

export class PortfolioBook {
  readonly settings: BookSettings;
  private readonly n: number;
  private readonly shares: Float64Array;
  private readonly lastPrice: Float64Array;
  private readonly lastPriceRow: Int32Array;
  /** The targets of the last rebalance (bands are measured against them). */
  readonly targets: Float64Array;
  private cashBalance: number;
  private readonly values: Float64Array;
  private readonly cash: Float64Array;
  private readonly flows: Float64Array;
  private readonly daily: Float64Array | null;
  private readonly rebalances: RebalanceRecord[] = [];
  private readonly events: BacktestEvent[] = [];
  private totalCosts = 0;
  /** Position values xⱼ = sharesⱼ·pⱼ at the current row (0 where nothing is held). */
  readonly positions: Float64Array;
  /** Pre-trade value at the current row, cash included. */
  value = 0;

  constructor(settings: BookSettings) {
    this.settings = settings;
    this.n = settings.panel.tickers.length;
    this.shares = new Float64Array(this.n);
    this.lastPrice = new Float64Array(this.n).fill(NaN);
    this.lastPriceRow = new Int32Array(this.n).fill(-1);
    this.targets = new Float64Array(this.n);
    this.positions = new Float64Array(this.n);
    this.cashBalance = settings.initialValue;
    const dates = settings.lastRow - settings.firstRow + 1;
    this.values = new Float64Array(dates);
    this.cash = new Float64Array(dates);
    this.flows = new Float64Array(dates);
    this.daily = settings.recordDailyWeights ? new Float64Array(dates * this.n) : null;
  }

  private price(row: number, column: number): number {
    return this.settings.panel.prices.data[row * this.n + column];
  }

  private date(row: number): string {
    return this.settings.panel.dates[row];
  }

  event(row: number, code: BacktestEventCode, message: string, action: string, details: Record<string, unknown> = {}): void {
    this.events.push(Object.freeze({ date: this.date(row), code, message, action, details: Object.freeze(details) }));
  }

  /**
   * Marks the book at row t's close: cash earns a row of interest, a held asset without a price is sold
   * at its last close (never given an invented price), and `value`/`positions` are set.
   */
  mark(row: number): number {
    const { rate, fixedCost, panel } = this.settings;
    if (row > this.settings.firstRow) this.cashBalance *= this.settings.cashGrowth;
    let value = this.cashBalance;
    for (let j = 0; j < this.n; j++) {
      const p = this.price(row, j);
      if (this.shares[j] !== 0 && Number.isNaN(p)) {
        const proceeds = this.shares[j] * this.lastPrice[j];
        const cost = rate * Math.abs(proceeds) + fixedCost;
        this.cashBalance += proceeds - cost;
        value += proceeds - cost;
        this.totalCosts += cost;
        const ticker = panel.tickers[j];
        const lastDate = this.date(this.lastPriceRow[j]);
        this.event(row, "DELISTED", `${ticker} has no price on ${this.date(row)}: sold at its last close ${this.lastPrice[j]} (${lastDate})`, "sold", {
          ticker,
          shares: this.shares[j],
          price: this.lastPrice[j],
          priceDate: lastDate,
          cost,
        });
        this.shares[j] = 0;
      }
      if (!Number.isNaN(p)) {
        this.lastPrice[j] = p;
        this.lastPriceRow[j] = row;
      }
      this.positions[j] = this.shares[j] === 0 ? 0 : this.shares[j] * p;
      value += this.positions[j];
    }
    this.value = value;
    this.values[row - this.settings.firstRow] = value;
    return value;
  }

  /** Current weights (value-relative) of every asset; zeros when the book is empty. */
  currentWeights(): Float64Array {
    const w = new Float64Array(this.n);
    if (this.value > 0) for (let j = 0; j < this.n; j++) w[j] = this.positions[j] / this.value;
    return w;
  }

  /** Adds a contribution (> 0) to cash; a withdrawal (< 0) is handled by `withdraw`. */
  contribute(row: number, amount: number): void {
    this.cashBalance += amount;
    this.value += amount;
    this.flows[row - this.settings.firstRow] += amount;
  }

  /**
   * Takes `amount` (> 0) out. Returns false when that leaves nothing: everything was sold (paying
   * costs), what remained was withdrawn and a DEPLETED event recorded; holdings are never negative.
   */
  withdraw(row: number, amount: number): boolean {
    // An empty book has nothing to give: the withdrawal is simply not made (it was reported when the
    // book emptied).
    if (!(this.value > 0)) return false;
    if (this.value - amount > 0) {
      this.cashBalance -= amount;
      this.value -= amount;
      this.flows[row - this.settings.firstRow] -= amount;
      return true;
    }
    this.empty(row, amount);
    return false;
  }

  private empty(row: number, requested: number): void {
    const { rate, fixedCost } = this.settings;
    let proceeds = this.cashBalance;
    let cost = 0;
    for (let j = 0; j < this.n; j++) {
      if (this.shares[j] === 0) continue;
      const c = rate * Math.abs(this.positions[j]) + fixedCost;
      proceeds += this.positions[j] - c;
      cost += c;
      this.shares[j] = 0;
      this.positions[j] = 0;
    }
    const withdrawn = Math.max(0, Math.min(requested, proceeds));
    this.totalCosts += cost;
    this.cashBalance = Math.max(0, proceeds - withdrawn);
    this.value = this.cashBalance;
    this.flows[row - this.settings.firstRow] -= withdrawn;
    this.event(row, "DEPLETED", `withdrawal of ${requested} on ${this.date(row)} exceeds the portfolio's value: ${withdrawn} withdrawn, nothing left`, "emptied", {
      requested,
      withdrawn,
      cost,
    });
  }

  /** Trades to `order.targets` at row t's close (see trade-to-target.ts); false when costs exceed the value. */
  trade(row: number, order: TradeOrder): boolean {
    const { rate, fixedCost } = this.settings;
    const outcome = tradeToTarget({ value: this.value, positions: this.positions, targets: order.targets, rate, fixedCost });
    if (outcome === null) {
      this.event(row, "COSTS_EXCEED_VALUE", `the costs of trading on ${this.date(row)} would exceed the portfolio's value ${this.value}`, "hold", {
        value: this.value,
      });
      return false;
    }
    const v = outcome.valueAfter;
    let invested = 0;
    for (let j = 0; j < this.n; j++) {
      const w = order.targets[j];
      invested += w;
      this.shares[j] = w === 0 ? 0 : (w * v) / this.price(row, j);
      this.positions[j] = w * v;
    }
    this.cashBalance = v * (1 - invested);
    this.totalCosts += outcome.cost;
    if (order.rebalance !== undefined) {
      this.targets.set(order.targets);
      this.rebalances.push(
        Object.freeze({
          date: this.date(row),
          value: this.value,
          turnover: this.value > 0 ? outcome.tradedValue / this.value : 0,
          tradedValue: outcome.tradedValue,
          cost: outcome.cost,
          trades: outcome.trades,
          weights: Float64Array.from(order.targets),
          riskContributions: order.rebalance.riskContributions,
          source: order.rebalance.source,
        }),
      );
    }
    this.value = v;
    return true;
  }

  /** Records cash (and weights) after row t's trades. */
  close(row: number): void {
    const k = row - this.settings.firstRow;
    this.cash[k] = this.cashBalance;
    if (this.daily === null) return;
    let total = this.cashBalance;
    for (let j = 0; j < this.n; j++) total += this.positions[j];
    if (total > 0) for (let j = 0; j < this.n; j++) this.daily[k * this.n + j] = this.positions[j] / total;
  }

  finish(): BacktestRun {
    const { panel, firstRow, lastRow } = this.settings;
    const rows = lastRow - firstRow + 1;
    return Object.freeze({
      strategy: this.settings.name,
      dates: Object.freeze(panel.dates.slice(firstRow, lastRow + 1)),
      values: this.values,
      cash: this.cash,
      flows: this.flows,
      rebalances: Object.freeze(this.rebalances),
      events: Object.freeze(this.events),
      totalCosts: this.totalCosts,
      dailyWeights: this.daily === null ? null : Object.freeze({ rows, cols: this.n, data: this.daily }),
    });
  }
}
