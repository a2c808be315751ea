/**
 * The walk-forward loop: one pass over the dates, every strategy (and equal-weight benchmark) marked,
 * given its cash flow and rebalanced at each date, sharing return windows and estimates.
 *
 * At a rebalance row t a strategy sees the eligible assets (priced at t, with `minHistory` finite
 * returns in the window) and the returns up to the close before t; its trades execute at t's close.
 * The order at each close is: mark to market (delisted holdings sold at their last close) → cash flow
 * → trades. A strategy's typed error is recorded and handled by `onFailure`; an empty universe stops
 * the run only at the first rebalance (nothing could be bought) and is an event later.
 */
import { BacktestCancelledError, CoreError, InsufficientHistoryError, InvalidInputError, NonFiniteValueError } from "../errors.js";
import type { BacktestRun } from "./backtest-result.js";
import type { Allocation, BacktestStrategy, RebalanceContext } from "./backtest-strategy.js";
import { createEstimateCache } from "./estimate-cache.js";
import { PortfolioBook, type TradeOrder } from "./portfolio-book.js";
import type { ResolvedOptions } from "./resolve-backtest-options.js";
import { ReturnWindows, firstRowWithHistory, type ReturnWindow, type WindowSettings } from "./return-windows.js";

export interface EngineRun {
  readonly name: string;
  readonly strategy: BacktestStrategy;
  readonly window: WindowSettings;
  /** Scheduled rebalance rows (from `scheduledRows`, given the common first row). */
  readonly scheduled: (firstRow: number) => Uint8Array;
  readonly useBands: boolean;
}

/** Weights this small are rounding left by a solver: treated as 0 so they never cause a trade. */
const DUST_WEIGHT = 1e-14;
/** A budget overshoot up to this is rounding and is scaled away; more is the strategy's error. */
const BUDGET_SLACK = 1e-9;

/** The first row every strategy can trade on: the start, or later when a window needs history. */
export function commonFirstRow(options: ResolvedOptions, windows: readonly WindowSettings[]): number {
  let first = options.startRow;
  for (const w of windows) first = Math.max(first, firstRowWithHistory(w));
  if (first >= options.lastRow) {
    const needed = Math.max(...windows.map((w) => w.minHistory));
    throw new InsufficientHistoryError(
      `the estimation window needs ${needed} return rows before the first rebalance, but the data ` +
        `(${options.panel.dates.length} dates to ${options.panel.dates[options.lastRow]}) leave no date after it`,
      { lookback: needed, dates: options.panel.dates.length },
    );
  }
  return first;
}

function targetsOf(allocation: Allocation, window: ReturnWindow, nColumns: number, rate: number) {
  const isArray = typeof (allocation as ArrayLike<number>).length === "number";
  const weights = isArray ? (allocation as ArrayLike<number>) : (allocation as { weights: ArrayLike<number> }).weights;
  const shares = isArray ? null : ((allocation as { riskContributions?: ArrayLike<number> | null }).riskContributions ?? null);
  const { assets } = window;
  if (weights === undefined || weights.length !== assets.length) {
    throw new InvalidInputError(`the strategy returned ${weights?.length} weights for ${assets.length} eligible assets`, {
      weights: weights?.length,
      assets: assets.length,
    });
  }
  const targets = new Float64Array(nColumns);
  let sum = 0;
  let gross = 0;
  for (let a = 0; a < assets.length; a++) {
    const w = weights[a];
    if (!Number.isFinite(w)) {
      throw new NonFiniteValueError(`the strategy's weight for ${window.tickers[a]} is ${w}`, { ticker: window.tickers[a], value: w });
    }
    targets[assets[a]] = Math.abs(w) <= DUST_WEIGHT ? 0 : w;
    sum += targets[assets[a]];
    gross += Math.abs(targets[assets[a]]);
  }
  if (sum > 1 + BUDGET_SLACK) {
    throw new InvalidInputError(`the strategy's weights sum to ${sum} > 1 (borrowing is not modelled)`, { sum });
  }
  if (sum > 1) for (const j of assets) targets[j] /= sum;
  if (rate * gross >= 1) {
    throw new InvalidInputError(`gross exposure ${gross} at a cost rate of ${rate} would cost the whole portfolio`, { gross, rate });
  }
  let riskContributions: Float64Array | null = null;
  if (shares !== null && shares.length === assets.length) {
    riskContributions = new Float64Array(nColumns);
    for (let a = 0; a < assets.length; a++) riskContributions[assets[a]] = shares[a];
  }
  return { targets, riskContributions };
}

function breachesBands(book: PortfolioBook, bands: NonNullable<ResolvedOptions["bands"]>): boolean {
  if (!(book.value > 0)) return false;
  const outside = (current: number, target: number) =>
    Math.abs(current - target) > bands.absolute || Math.abs(current - target) > bands.relative * Math.abs(target);
  let invested = 0;
  let targetInvested = 0;
  for (let j = 0; j < book.targets.length; j++) {
    const w = book.positions[j] / book.value;
    invested += w;
    targetInvested += book.targets[j];
    if (outside(w, book.targets[j])) return true;
  }
  return outside(1 - invested, 1 - targetInvested);
}

/** Runs every `run` over the dates from the common first row to the end (see the file header). */
export function walkForward(options: ResolvedOptions, runs: readonly EngineRun[], firstRow: number): BacktestRun[] {
  const { panel, lastRow, signal, onProgress } = options;
  const nColumns = panel.tickers.length;
  const windows = new ReturnWindows(panel);
  const estimates = createEstimateCache();
  const books = runs.map(
    (run) =>
      new PortfolioBook({
        name: run.name,
        panel,
        firstRow,
        lastRow,
        initialValue: options.initialValue,
        rate: options.rate,
        fixedCost: options.fixedCost,
        cashGrowth: options.cashGrowth,
        recordDailyWeights: options.recordDailyWeights,
      }),
  );
  const schedules = runs.map((run) => run.scheduled(firstRow));
  const total = lastRow - firstRow + 1;
  let reported = 0;

  const decide = (run: EngineRun, book: PortfolioBook, row: number, first: boolean): TradeOrder | null => {
    const window = windows.at(row, run.window);
    const date = panel.dates[row];
    if (window.assets.length === 0) {
      if (first) {
        throw new InsufficientHistoryError(
          `no asset can be bought on ${date}, the first rebalance: none has a price there` +
            (run.window.lookback > 0 ? ` and ${run.window.minHistory} returns of history` : ""),
          { date, strategy: run.name },
        );
      }
      book.event(row, "EMPTY_UNIVERSE", `no asset is eligible on ${date}: holdings kept`, "hold");
      return null;
    }
    const current = book.currentWeights();
    const ctx: RebalanceContext = {
      date,
      row,
      assets: window.assets,
      tickers: window.tickers,
      returns: window.returns,
      periodsPerYear: options.periodsPerYear,
      previousWeights: Float64Array.from(window.assets, (j) => current[j]),
      estimates,
      windowKey: window.key,
      windowId: window.id,
      windowFirstRow: window.firstRow,
    };
    try {
      const { targets, riskContributions } = targetsOf(run.strategy.allocate(ctx), window, nColumns, options.rate);
      return { targets, rebalance: { riskContributions, source: "strategy" } };
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      const fallback = options.onFailure === "equalWeight";
      const action = fallback ? "equalWeight" : first ? "cash" : "hold";
      book.event(row, "STRATEGY_FAILED", `${run.name} failed on ${date}: ${error.message}`, action, {
        errorCode: error.code,
        strategy: run.name,
      });
      if (!fallback) return null;
      const targets = new Float64Array(nColumns);
      for (const j of window.assets) targets[j] = 1 / window.assets.length;
      return { targets, rebalance: { riskContributions: null, source: "fallback" } };
    }
  };

  for (let row = firstRow; row <= lastRow; row++) {
    const date = panel.dates[row];
    if (signal?.aborted === true) {
      throw new BacktestCancelledError(`backtest cancelled on ${date}`, { date, reason: signal.reason });
    }
    estimates.clear();
    const first = row === firstRow;
    const flowDue = !first && row < lastRow && options.flowRows !== null && options.flowRows[row] === 1 ? options.flowAmount : 0;
    for (let r = 0; r < runs.length; r++) {
      const run = runs[r];
      const book = books[r];
      book.mark(row);
      const due = first || (schedules[r][row] === 1 && !(run.useBands && options.bands !== null && !breachesBands(book, options.bands)));
      let order = due ? decide(run, book, row, first) : null;
      if (flowDue !== 0) {
        const proRata = book.value > 0 ? book.currentWeights() : Float64Array.from(book.targets);
        let alive = true;
        if (flowDue > 0) book.contribute(row, flowDue);
        else alive = book.withdraw(row, -flowDue);
        if (!alive) order = null;
        else if (order === null) order = { targets: proRata };
      }
      if (order !== null) book.trade(row, order);
      book.close(row);
    }
    if (onProgress !== undefined) {
      const done = row - firstRow + 1;
      const step = Math.floor((100 * done) / total);
      if (step > reported || done === total) {
        reported = step;
        onProgress(done / total, { date, done, total });
      }
    }
  }
  return books.map((book) => book.finish());
}
