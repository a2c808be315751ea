/**
 * The options of `portfolio allocate` beyond those of `optimize`: the money or the account, fees,
 * lots and the planner's limits, read into the service's `AllocateRequest` fields.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { readHoldingsFile, readLotsFile, readWeightsFile } from "../data/index.js";
import type { AllocationSettings } from "../service/index.js";
import { UsageError } from "./exit-codes.js";
import { finiteNumber, positiveNumber } from "./option-parsers.js";

export interface AllocationOptions {
  value?: number;
  weights?: string;
  holdings?: string;
  cash?: number;
  fee?: number;
  feeBps?: number;
  lot?: string;
  minTrade?: number;
  tolerance?: number;
  buyOnly?: boolean;
  method?: "greedy" | "milp";
  fractional?: boolean;
  shortRatio?: number;
  reinvest?: boolean;
}

function money(value: string): number {
  const x = finiteNumber(value);
  if (x < 0) throw new InvalidArgumentError(`'${value}' must be ≥ 0.`);
  return x;
}

export function addAllocationOptions(command: Command): Command {
  return command
    .option("--value <money>", "money to invest in a new account (whole shares at the latest prices)", positiveNumber)
    .option("--weights <file>", "allocate these target weights (CSV ticker,weight) instead of optimizing a --model")
    .option("--holdings <file>", "shares held now (CSV ticker,shares): plan the trades from them")
    .option("--cash <money>", "cash held now, new money included (with --holdings, or alone)", money)
    .option("--fee <money>", "fixed fee per trade", money)
    .option("--fee-bps <bps>", "proportional fee, basis points of each trade's value", money)
    .option("--lot <file>", "shares per lot (CSV ticker,lot; default 1 share)")
    .option("--min-trade <money>", "smallest value of a trade", money)
    .option("--tolerance <x>", "allowed |weight − target| per asset after the trades (default 0.01)", money)
    .option("--buy-only", "invest the cash without selling anything")
    .addOption(new Option("--method <method>", "whole-share method for a new account (default milp: exact)").choices(["greedy", "milp"]))
    .option("--fractional", "fractional shares allowed")
    .option("--short-ratio <x>", "short book as a fraction of --value (default: the sum of the negative weights)", money)
    .option("--reinvest", "invest the short proceeds in the long book");
}

/** Reads the files the options name; `tickers` (the price file's) locate an unknown ticker at its line. */
export async function allocationFields(
  options: AllocationOptions,
  tickers: readonly string[],
): Promise<AllocationSettings> {
  const planner = options.holdings !== undefined || options.cash !== undefined;
  if (planner && options.method !== undefined) {
    throw new UsageError("--method chooses how a new account (--value) is rounded to shares; a rebalance (--holdings/--cash) is planned exactly.");
  }
  if (planner && (options.shortRatio !== undefined || options.reinvest)) {
    throw new UsageError("--short-ratio and --reinvest apply to a new account (--value); the rebalance planner is long-only.");
  }
  const fees = options.fee === undefined && options.feeBps === undefined ? undefined : { fixed: options.fee, proportionalBps: options.feeBps };
  return {
    weights: options.weights === undefined ? undefined : await readWeightsFile(options.weights),
    value: options.value,
    holdings: options.holdings === undefined ? undefined : await readHoldingsFile(options.holdings, { tickers }),
    cash: options.cash,
    fees,
    lotSizes: options.lot === undefined ? undefined : await readLotsFile(options.lot, { tickers }),
    fractional: options.fractional,
    minimumTradeValue: options.minTrade,
    tolerance: options.tolerance,
    buyOnly: options.buyOnly,
    method: options.method,
    shortRatio: options.shortRatio,
    reinvest: options.reinvest,
  };
}
