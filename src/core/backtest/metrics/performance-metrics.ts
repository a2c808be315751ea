/**
 * The summary numbers of a backtest's equity curve. Notation: V_0…V_n the values, r_t = V_t/V_{t−1} − 1
 * the n simple returns, P periods per year, rf the annual risk-free rate and f = rf/P per period.
 * Definitions follow the reference backtest's `metric_definitions`. A metric that is undefined for the
 * data (a ratio over zero dispersion, a benchmark statistic without a benchmark) is `null`: the report
 * never carries NaN or ±∞.
 */
export interface PerformanceMetrics {
  readonly startDate: string;
  readonly endDate: string;
  /** n, the number of returns (values − 1). */
  readonly periods: number;
  readonly startValue: number;
  readonly finalValue: number;

  /** `V_n / V_0 − 1`. */
  readonly totalReturn: number;
  /**
   * Compound annual growth rate, `(V_n / V_0)^(P/n) − 1`; `null` when annualising overflows the double
   * range (a 20-fold gain in one day of a daily series), as the number would be meaningless anyway.
   */
  readonly cagr: number | null;
  /** Annualised arithmetic mean return, `mean(r) · P`. */
  readonly annualisedMeanReturn: number;
  /** Annualised volatility, `std(r, ddof 1) · √P`; `null` with a single return. */
  readonly volatility: number | null;
  /** `mean(r − f) / std(r − f, ddof 1) · √P`; `null` with one return or no dispersion. */
  readonly sharpe: number | null;
  /** `mean(r − f) / √(mean(min(r − f, 0)²)) · √P` (divisor n, all periods); `null` with no downside. */
  readonly sortino: number | null;
  /** `cagr / maxDrawdown` over the whole window; `null` when there is no drawdown (or no CAGR). */
  readonly calmar: number | null;

  /** `max_t (1 − V_t / max_{s≤t} V_s)`, a positive fraction (0 when the curve never falls). */
  readonly maxDrawdown: number;
  /** Date of the high the maximum drawdown falls from (first date at that high); `null` without drawdown. */
  readonly maxDrawdownPeakDate: string | null;
  readonly maxDrawdownTroughDate: string | null;
  /** First date back at or above the peak value; `null` if never recovered (or no drawdown). */
  readonly maxDrawdownRecoveryDate: string | null;
  /** Length in periods (rows) of the longest drawdown, from its high to its recovery or, if still open, to the end. */
  readonly longestDrawdownPeriods: number;
  /** The same episode's length in calendar days. */
  readonly longestDrawdownCalendarDays: number;
  readonly longestDrawdownStartDate: string | null;
  /** `null` when the longest drawdown had not recovered by the end. */
  readonly longestDrawdownRecoveryDate: string | null;
  /** `√(mean_t D_t²)` of the drawdown curve over all dates (see `ulcerIndex`). */
  readonly ulcerIndex: number;

  /** Share of periods with a positive return (r > 0; a flat period is not a win). */
  readonly winRate: number;
  /** Share of calendar months with a positive return, partial first/last months included. */
  readonly monthlyWinRate: number;
  /** Best single-period return (a day, for daily data) and its date. */
  readonly bestDay: number;
  readonly bestDayDate: string;
  readonly worstDay: number;
  readonly worstDayDate: string;
  /** Best calendar-month return (partial months included) and its month, `"YYYY-MM"`. */
  readonly bestMonth: number;
  readonly bestMonthPeriod: string;
  readonly worstMonth: number;
  readonly worstMonthPeriod: string;

  /** Level of the two tail measures below (0.95 by default). */
  readonly tailConfidence: number;
  /** Historical VaR of one period's return at `tailConfidence`, a positive loss. */
  readonly valueAtRisk: number;
  /** Historical CVaR (expected shortfall, Rockafellar–Uryasev) at `tailConfidence`, a positive loss. */
  readonly conditionalValueAtRisk: number;
  /** Bias-corrected sample skewness of r (pandas `skew()`); `null` below 3 returns or with no dispersion. */
  readonly skew: number | null;
  /** Bias-corrected sample excess kurtosis of r (pandas `kurt()`); `null` below 4 returns or with no dispersion. */
  readonly kurtosis: number | null;

  /** Mean of the turnover per rebalance given by the caller; `null` when none was given. */
  readonly averageTurnover: number | null;
  /** Total trading costs as given by the caller; `null` when not given. */
  readonly totalCosts: number | null;

  /** Benchmark-relative metrics (see `BenchmarkRelativeMetrics`); all `null` without a benchmark. */
  readonly beta: number | null;
  readonly alpha: number | null;
  readonly trackingError: number | null;
  readonly informationRatio: number | null;
  readonly upCapture: number | null;
  readonly downCapture: number | null;
}
