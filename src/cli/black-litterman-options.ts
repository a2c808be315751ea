/**
 * The Black-Litterman options shared by `optimize`, `frontier` and `allocate`: views and market caps
 * from side files, the prior, τ and the market's risk aversion → the service's `BlackLittermanRequest`.
 */
import { Command, InvalidArgumentError } from "commander";
import { readMarketCapsFile, readViewsFile } from "../data/index.js";
import type { BlackLittermanRequest } from "../service/index.js";
import { UsageError } from "./exit-codes.js";
import { finiteNumber, positiveNumber } from "./option-parsers.js";

export interface BlackLittermanOptions {
  views?: string;
  marketCaps?: string;
  prior?: "market" | "estimate" | number;
  tau?: number;
  marketRiskAversion?: number;
}

function priorName(value: string): "market" | "estimate" | number {
  if (value === "market" || value === "estimate") return value;
  try {
    return finiteNumber(value);
  } catch {
    throw new InvalidArgumentError(`'${value}' is not market, estimate or a number.`);
  }
}

function tauValue(value: string): number {
  const x = finiteNumber(value);
  if (!(x > 0 && x <= 1)) throw new InvalidArgumentError(`'${value}' must lie in (0, 1] (e.g. 0.05).`);
  return x;
}

export function addBlackLittermanOptions(command: Command): Command {
  return command
    .option("--views <file>", "Black-Litterman views: CSV long,short,return[,confidence] (see README)")
    .option("--market-caps <file>", "market caps for the Black-Litterman market prior: CSV ticker,market_cap")
    .option("--prior <prior>", "Black-Litterman prior: market (default; needs --market-caps), estimate (--returns), or a number", priorName)
    .option("--tau <tau>", "Black-Litterman τ, the uncertainty of the prior (default 0.05)", tauValue)
    .option("--market-risk-aversion <delta>", "δ of the market prior (default: implied by --market prices, else 1)", positiveNumber);
}

/**
 * The Black-Litterman request, or undefined when neither views nor market caps are given. `tickers`
 * (the price file's) let a side file's unknown ticker be reported at its line.
 */
export async function blackLittermanRequest(options: BlackLittermanOptions, tickers: readonly string[]): Promise<BlackLittermanRequest | undefined> {
  if (options.views === undefined && options.marketCaps === undefined) {
    const stray = [["--prior", options.prior], ["--tau", options.tau], ["--market-risk-aversion", options.marketRiskAversion]].find(([, v]) => v !== undefined);
    if (stray !== undefined) throw new UsageError(`${String(stray[0])} is a Black-Litterman option: give --views FILE and/or --market-caps FILE.`);
    return undefined;
  }
  return {
    prior: options.prior,
    marketCaps: options.marketCaps === undefined ? undefined : await readMarketCapsFile(options.marketCaps, { tickers }),
    riskAversion: options.marketRiskAversion,
    views: options.views === undefined ? undefined : await readViewsFile(options.views, { tickers }),
    tau: options.tau,
  };
}
