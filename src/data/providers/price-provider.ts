/**
 * A source of daily price history (Yahoo Finance, Stooq…): what the read-through cache asks for the
 * dates it does not have. Implementations retry and time out on their own (`requestWithRetry`) and
 * throw the data layer's errors: `UnknownTickerError`, `ProviderUnavailableError`,
 * `InvalidProviderResponseError`.
 */

/** One trading day. `date` is the exchange's calendar date, `YYYY-MM-DD`. */
export interface ProviderBar {
  readonly date: string;
  /** The close as traded that day (Stooq only has adjusted closes: there both fields are equal). */
  readonly close: number;
  /** Adjusted for later splits and dividends; `null` when the provider did not send one. */
  readonly adjustedClose: number | null;
  readonly volume: number | null;
}

export interface FetchDailyOptions {
  /** Cancels the request (and its retries) from outside. */
  readonly signal?: AbortSignal;
}

export interface PriceProvider {
  /** Short id for options and reports: "yahoo", "stooq", "auto". */
  readonly id: string;
  /** Display name for messages: "Yahoo Finance". */
  readonly name: string;
  /**
   * Daily bars with `start ≤ date ≤ end` (inclusive ISO dates), ascending; `[]` when the ticker is
   * known but did not trade then.
   */
  fetchDaily(ticker: string, start: string, end: string, options?: FetchDailyOptions): Promise<ProviderBar[]>;
}
