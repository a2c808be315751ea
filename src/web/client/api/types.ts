/**
 * The API's JSON as the page uses it (README "--json" contracts; issue 5 for allocation, issue 6 for
 * backtests). Only the fields the screens read are named; everything else passes through untouched.
 */
export interface Asset {
  readonly ticker: string;
  readonly name: string | null;
  readonly sector: string | null;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  readonly rows: number;
}

export interface Portfolio {
  readonly id: number;
  readonly name: string;
  readonly tickers: readonly string[];
  readonly createdAt?: string;
}

export interface Performance {
  readonly expectedReturn: number;
  readonly volatility: number;
  readonly sharpe: number | null;
}

export interface OptimizeResponse {
  readonly runId?: number;
  readonly model: string;
  readonly weights: Readonly<Record<string, number>>;
  readonly performance: Performance;
  readonly riskContributions: Readonly<Record<string, number>> | null;
  /** The risk-measure models' own risk: CVaR, CDaR, MAD per period, semideviation annual; null otherwise. */
  readonly riskMeasure?: { readonly name: string; readonly value: number; readonly quantile?: number } | null;
  readonly fallbackFrom?: readonly { readonly model: string; readonly code: string; readonly message: string }[];
  readonly estimate?: { readonly start: string; readonly end: string; readonly observations: number; readonly periodsPerYear: number };
}

export interface FrontierPoint extends Performance {
  readonly weights: Readonly<Record<string, number>>;
}

export interface FrontierResponse {
  readonly runId?: number;
  readonly points: readonly FrontierPoint[];
}

export interface AllocationTrade {
  readonly ticker: string;
  readonly side: "buy" | "sell";
  readonly shares: number;
  readonly value: number;
  readonly fee: number;
}

/** POST /allocate (src/service/allocate-portfolio.ts `AllocationResult`). */
export interface AllocationResponse {
  /** "allocation": whole shares for new money; "rebalance": trades from current holdings. */
  readonly mode: "allocation" | "rebalance";
  readonly method: string;
  readonly prices: Readonly<Record<string, number>>;
  readonly priceDate: string;
  /** Shares held afterwards, non-zero only. */
  readonly shares: Readonly<Record<string, number>>;
  readonly leftover: number;
  readonly trades: readonly AllocationTrade[];
  readonly weights: Readonly<Record<string, number>>;
  readonly targetWeights: Readonly<Record<string, number>>;
  readonly totalFees?: number;
  readonly maxDeviation?: number;
  readonly withinTolerance?: boolean | null;
  readonly runId?: number;
}

/** One row of GET /results: a saved optimization or backtest, without its series. */
export interface ResultSummary {
  readonly kind: "optimization" | "backtest";
  readonly id: number;
  readonly portfolioId: number | null;
  /** Model (optimization) or the models compared (backtest), as labels. */
  readonly models: readonly string[];
  readonly createdAt: string;
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** POST /prices/fetch: what was stored, and the tickers the provider did not know. */
export interface PriceFetchResult {
  readonly provider: string;
  readonly start: string;
  readonly end: string;
  readonly tickers: readonly string[];
  readonly inserted: number;
  readonly updated: number;
  readonly failed: readonly { readonly ticker: string; readonly code: string; readonly message: string }[];
}

export type DatedValue = readonly [string, number];

export interface BacktestRunView {
  readonly model: string;
  readonly metrics: Readonly<Record<string, number | string | null>>;
  readonly equity: readonly DatedValue[];
  readonly drawdown: readonly DatedValue[];
  readonly rebalances: readonly { readonly date: string; readonly weights?: Readonly<Record<string, number>>; readonly turnover?: number }[];
}

export interface BacktestView {
  readonly runs: readonly BacktestRunView[];
  readonly benchmarks?: readonly { readonly name: string; readonly equity: readonly DatedValue[] }[];
}

export interface Job {
  readonly id: number;
  readonly status: string;
  readonly progress?: number;
  readonly error?: { readonly code?: string; readonly message?: string } | null;
}

/** A stored optimization (GET /results/:id): the request as run, the weights, the measures. */
export interface OptimizationRun {
  readonly id: number;
  readonly portfolioId: number | null;
  readonly model: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly weights: Readonly<Record<string, number>>;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly createdAt: string;
}

/** A stored backtest (GET /jobs/:id/result's `run`, and a portfolio's result list). */
export interface BacktestRunRecord {
  readonly id: number;
  readonly portfolioId: number | null;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly sharpe: number | null;
  readonly maxDrawdown: number | null;
  readonly metrics: unknown;
  readonly series: unknown;
  readonly createdAt: string;
}

export interface PortfolioRuns {
  readonly optimizations: readonly OptimizationRun[];
  readonly backtests: readonly BacktestRunRecord[];
}

/** The stored run's view of an optimization, as the result panels draw it. */
export function optimizeResponseOf(run: OptimizationRun): OptimizeResponse {
  const m = run.metrics;
  return {
    runId: run.id,
    model: run.model,
    weights: run.weights,
    performance: { expectedReturn: m.expectedReturn ?? NaN, volatility: m.volatility ?? NaN, sharpe: m.sharpe ?? null },
    riskContributions: null,
  };
}
