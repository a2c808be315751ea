/**
 * Use case: from a price panel and estimator specs, the annual expected returns and covariance of a
 * universe. The CLI's `stats`, and later the optimizers' inputs, come through here.
 */
import {
  alignToDates,
  inferPeriodsPerYear,
  logReturns,
  simpleReturns,
  sliceDates,
  type GapPolicy,
  type PricePanel,
  type ReturnsReport,
} from "../core/returns/index.js";
import {
  estimateExpectedReturns,
  estimateRiskModel,
  type ExpectedReturnsSpec,
  type RiskModelSpec,
} from "../core/moments/index.js";
import { CoreError } from "../core/errors.js";
import type { Matrix, SymmetricMatrix } from "../core/linalg/matrix.js";
import { EmptySelectionError, InvalidRequestError } from "./errors.js";
import { selectRequestedTickers } from "./requested-tickers.js";

export interface EstimateMomentsRequest {
  readonly prices: PricePanel;
  /** A subset of the panel's tickers, in the order wanted; default all. */
  readonly tickers?: readonly string[];
  /** First and last price dates to use (inclusive, YYYY-MM-DD). */
  readonly start?: string;
  readonly end?: string;
  /** Default: compounded mean historical return (PyPortfolioOpt's default). */
  readonly expectedReturns?: ExpectedReturnsSpec;
  /** Default: sample covariance, pairwise over missing values (PyPortfolioOpt's default). */
  readonly riskModel?: RiskModelSpec;
  /** Return periods per year; inferred from the dates (252 daily, 52 weekly, 12 monthly) when absent. */
  readonly periodsPerYear?: number;
  readonly logReturns?: boolean;
  readonly gaps?: GapPolicy;
  /** A one-column price series for CAPM's market (e.g. SPY), aligned to the assets by date. */
  readonly market?: PricePanel;
}

export interface MomentsEstimate {
  readonly tickers: readonly string[];
  /** Dates of the first and last return used. */
  readonly start: string;
  readonly end: string;
  readonly periodsPerYear: number;
  /** Return rows in the sample (after dropping empty rows). */
  readonly observations: number;
  readonly expectedReturns: Float64Array;
  readonly covariance: SymmetricMatrix;
  /** The risk model's shrinkage intensity (null when it does not shrink). */
  readonly shrinkage: number | null;
  readonly repaired: string | null;
  readonly returnsReport: ReturnsReport;
  /** The return rows the estimates came from, `observations × tickers`, NaN where an asset had none. */
  readonly returns: Matrix;
}

export function estimateMoments(request: EstimateMomentsRequest): MomentsEstimate {
  const panel = selectUniverse(request);
  const periodsPerYear = request.periodsPerYear ?? inferPeriodsPerYear(panel.dates);
  const toReturns = request.logReturns ? logReturns : simpleReturns;
  const returns = toReturns(panel, { gaps: request.gaps });
  if (returns.dates.length === 0) {
    throw new EmptySelectionError("the selected prices give no returns: at least two dates with prices are needed");
  }
  const expectedSpec = request.expectedReturns ?? { kind: "meanHistorical" };
  const market = expectedSpec.kind === "capm" && request.market ? marketReturns(request.market, returns.dates) : undefined;
  const expected = withTickers(panel.tickers, () =>
    estimateExpectedReturns(returns.returns, expectedSpec, { periodsPerYear, tickers: panel.tickers, market }),
  );
  const risk = withTickers(panel.tickers, () =>
    estimateRiskModel(returns.returns, request.riskModel ?? { kind: "sample" }, { periodsPerYear }),
  );
  return {
    tickers: panel.tickers,
    start: returns.dates[0],
    end: returns.dates[returns.dates.length - 1],
    periodsPerYear,
    observations: risk.observations,
    expectedReturns: expected.expectedReturns,
    covariance: risk.covariance,
    shrinkage: risk.shrinkage,
    repaired: risk.repaired,
    returnsReport: returns.report,
    returns: returns.returns,
  };
}

function selectUniverse(request: EstimateMomentsRequest): PricePanel {
  const { prices, start, end } = request;
  if (start !== undefined && end !== undefined && start > end) {
    throw new InvalidRequestError(`start ${start} is after end ${end}`, { start, end });
  }
  let panel = selectRequestedTickers(prices, request.tickers);
  if (start !== undefined || end !== undefined) panel = sliceDates(panel, start, end);
  if (panel.dates.length < 2) {
    throw new EmptySelectionError(
      `${panel.dates.length} price date(s) between ${start ?? "the start"} and ${end ?? "the end"}: at least 2 are needed`,
      { start, end },
    );
  }
  return panel;
}

/** The market's own returns, placed on the assets' return dates (NaN where the market has none). */
function marketReturns(market: PricePanel, dates: readonly string[]): Float64Array {
  if (market.tickers.length !== 1) {
    throw new InvalidRequestError(`the market series must have one price column, not ${market.tickers.length}`);
  }
  const own = simpleReturns(market);
  return alignToDates({ dates: own.dates, values: own.returns }, dates).data;
}

/** Core errors name assets by column index; the service knows their tickers and says so. */
function withTickers<T>(tickers: readonly string[], run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CoreError && typeof error.details.asset === "number") {
      const ticker = tickers[error.details.asset];
      if (ticker !== undefined && !error.message.includes(ticker)) error.message = `${ticker}: ${error.message}`;
    }
    throw error;
  }
}
