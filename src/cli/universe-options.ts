/**
 * The options every estimating command shares (`stats`, `optimize`, `frontier`…): the price file, the
 * universe and dates, and the estimators. One place, so the flags mean the same in every command.
 */
import { Command, Option } from "commander";
import { readPriceFile } from "../data/index.js";
import type { EstimateMomentsRequest } from "../service/index.js";
import {
  expectedReturnsSpec,
  returnsNames,
  riskModelSpec,
  riskNames,
  type ReturnsName,
  type RiskName,
} from "./estimator-names.js";
import { finiteNumber, isoDate, positiveInteger, positiveNumber, tickerList } from "./option-parsers.js";

export interface UniverseOptions {
  prices: string;
  returns: ReturnsName;
  risk: RiskName;
  span?: number;
  market?: string;
  riskFreeRate: number;
  benchmarkReturn?: number;
  frequency?: number;
  logReturns?: boolean;
  gaps: "drop" | "forwardFill" | "span";
  tickers?: string[];
  start?: string;
  end?: string;
}

export function addUniverseOptions(command: Command): Command {
  return command
    .requiredOption("--prices <file>", "price CSV (wide: date + one column per ticker; long: date,ticker,close; .gz ok)")
    .addOption(new Option("--returns <estimator>", "expected returns").choices(returnsNames).default("mean"))
    .addOption(new Option("--risk <model>", "risk model").choices(riskNames).default("sample"))
    .option("--span <periods>", "span for ema returns / exp-cov risk (defaults 500 / 180)", positiveNumber)
    .option("--market <file>", "market price series for capm (default: equal-weight market of the assets)")
    .option("--risk-free-rate <rate>", "annual risk-free rate (Sharpe ratios, capm)", finiteNumber, 0.02)
    .option("--benchmark-return <rate>", "per-period benchmark for semicovariance (default 0)", finiteNumber)
    .option("--frequency <n>", "return periods per year (default: inferred, 252 for daily)", positiveInteger)
    .option("--log-returns", "use log returns instead of simple returns")
    .addOption(
      new Option("--gaps <policy>", "interior missing prices: drop the returns around them, forward-fill, or span the gap")
        .choices(["drop", "forwardFill", "span"])
        .default("drop"),
    )
    .option("--tickers <list>", "comma-separated subset of tickers", tickerList)
    .option("--start <date>", "first price date (YYYY-MM-DD)", isoDate)
    .option("--end <date>", "last price date (YYYY-MM-DD)", isoDate);
}

/** Reads the files the options name and builds the moments request. */
export async function momentsRequest(options: UniverseOptions): Promise<EstimateMomentsRequest> {
  const prices = await readPriceFile(options.prices);
  const market = options.market === undefined ? undefined : await readPriceFile(options.market);
  const flags = { span: options.span, riskFreeRate: options.riskFreeRate, benchmarkReturn: options.benchmarkReturn };
  return {
    prices,
    market,
    tickers: options.tickers,
    start: options.start,
    end: options.end,
    periodsPerYear: options.frequency,
    logReturns: options.logReturns,
    gaps: options.gaps,
    expectedReturns: expectedReturnsSpec(options.returns, flags),
    riskModel: riskModelSpec(options.risk, flags),
  };
}
