/**
 * `portfolio stats --prices FILE`: annualised expected returns and the covariance (or correlation)
 * of a price file. `--json` prints the documented contract (README, "portfolio stats --json").
 */
import { Command, Option } from "commander";
import { readPriceFile } from "../../data/index.js";
import { covarianceToCorrelation } from "../../core/moments/index.js";
import { symmetricToRows } from "../../core/linalg/matrix.js";
import { estimateMoments } from "../../service/index.js";
import type { CliIo } from "../main.js";
import {
  expectedReturnsSpec,
  returnsNames,
  riskModelSpec,
  riskNames,
  type ReturnsName,
  type RiskName,
} from "../estimator-names.js";
import { finiteNumber, isoDate, positiveInteger, positiveNumber, tickerList } from "../option-parsers.js";
import { formatMoments } from "../format-moments.js";

interface StatsOptions {
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
  correlation?: boolean;
  json?: boolean;
}

export function registerStats(program: Command, io: CliIo): void {
  program
    .command("stats")
    .description("annualised expected returns and covariance of a price file")
    .requiredOption("--prices <file>", "price CSV (wide: date + one column per ticker; long: date,ticker,close; .gz ok)")
    .addOption(new Option("--returns <estimator>", "expected returns").choices(returnsNames).default("mean"))
    .addOption(new Option("--risk <model>", "risk model").choices(riskNames).default("sample"))
    .option("--span <periods>", "span for ema returns / exp-cov risk (defaults 500 / 180)", positiveNumber)
    .option("--market <file>", "market price series for capm (default: equal-weight market of the assets)")
    .option("--risk-free-rate <rate>", "annual risk-free rate, for capm", finiteNumber, 0.02)
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
    .option("--end <date>", "last price date (YYYY-MM-DD)", isoDate)
    .option("--correlation", "print the correlation matrix instead of the covariance")
    .option("--json", "print one JSON object (see README)")
    .action(async (options: StatsOptions) => {
      const prices = await readPriceFile(options.prices);
      const market = options.market === undefined ? undefined : await readPriceFile(options.market);
      const flags = { span: options.span, riskFreeRate: options.riskFreeRate, benchmarkReturn: options.benchmarkReturn };
      const estimate = estimateMoments({
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
      });
      const correlation = options.correlation ? covarianceToCorrelation(estimate.covariance).correlation : undefined;
      if (options.json) {
        const body: Record<string, unknown> = {
          tickers: estimate.tickers,
          expectedReturns: Object.fromEntries(estimate.tickers.map((t, i) => [t, estimate.expectedReturns[i]])),
          covariance: symmetricToRows(estimate.covariance),
          shrinkage: estimate.shrinkage,
          observations: estimate.observations,
        };
        if (correlation) body.correlation = symmetricToRows(correlation);
        io.stdout(`${JSON.stringify(body)}\n`);
      } else {
        io.stdout(formatMoments(estimate, { source: options.prices, returns: options.returns, risk: options.risk, correlation }));
      }
    });
}
