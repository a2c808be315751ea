/**
 * The model and constraint options shared by `optimize` and `frontier`, and their translation into
 * the service's request (reading the side files they name).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { readBoundsFile, readBudgetsFile, readGroupsFile, readWeightsFile } from "../data/index.js";
import type { ConstraintsRequest, ModelRequest } from "../service/index.js";
import { UsageError } from "./exit-codes.js";
import { finiteNumber, positiveInteger, positiveNumber } from "./option-parsers.js";

export const modelNames = [
  "min-volatility",
  "max-sharpe",
  "max-quadratic-utility",
  "efficient-risk",
  "efficient-return",
  "min-tracking-error",
  "min-semivariance",
  "min-cvar",
  "min-cdar",
  "min-mad",
  "max-sortino",
  "equal-weight",
  "inverse-volatility",
  "inverse-variance",
  "risk-parity",
  "max-diversification",
  "hrp",
  "herc",
  "nco",
] as const;
export type ModelName = (typeof modelNames)[number];

const linkageNames = ["single", "complete", "average", "ward"] as const;
/** Models that take each model-specific option: naming the option without one of them is a usage error. */
const optionModels = {
  alpha: { flag: "--alpha", models: ["min-cvar", "min-cdar"] },
  budgets: { flag: "--budgets", models: ["risk-parity"] },
  linkage: { flag: "--linkage", models: ["hrp", "herc", "nco"] },
  clusters: { flag: "--clusters", models: ["herc", "nco"] },
} as const satisfies Record<string, { flag: string; models: readonly ModelName[] }>;

export interface ConstraintOptions {
  bounds?: [number, number];
  boundsFile?: string;
  marketNeutral?: boolean;
  leverage?: number;
  groups?: string;
  constraint: string[];
  gamma?: number;
  current?: string;
  maxTurnover?: number;
  costBps?: number;
  benchmarkWeights?: string;
  maxTrackingError?: number;
  maxHoldings?: number;
  minPosition?: number;
}

export interface ModelOptions {
  /** Always set where `addModelOptions` makes it mandatory (optimize). */
  model: ModelName;
  targetVolatility?: number;
  targetReturn?: number;
  riskAversion?: number;
  fallback?: ModelName[];
  alpha?: number;
  budgets?: string;
  linkage?: (typeof linkageNames)[number];
  clusters?: number;
  benchmarkReturn?: number;
}

/** CVaR / CDaR confidence β: strictly between 0 and 1. */
export function confidenceLevel(value: string): number {
  const x = finiteNumber(value);
  if (!(x > 0 && x < 1)) throw new InvalidArgumentError(`'${value}' must lie strictly between 0 and 1 (e.g. 0.95).`);
  return x;
}

function boundsPair(value: string): [number, number] {
  const parts = value.split(",");
  if (parts.length !== 2) throw new InvalidArgumentError(`'${value}' is not a pair lower,upper (e.g. 0,1 or -1,1).`);
  const [lower, upper] = parts.map((p) => finiteNumber(p));
  if (lower > upper) throw new InvalidArgumentError(`lower bound ${lower} is above upper bound ${upper}.`);
  return [lower, upper];
}

function nonNegative(value: string): number {
  const x = finiteNumber(value);
  if (x < 0) throw new InvalidArgumentError(`'${value}' must be ≥ 0.`);
  return x;
}

function modelList(value: string): ModelName[] {
  return value.split(",").map((name) => {
    if (!(modelNames as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`'${name}' is not one of ${modelNames.join(", ")}.`);
    }
    return name as ModelName;
  });
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addConstraintOptions(command: Command): Command {
  return command
    .option("--bounds <lower,upper>", "weight bounds for every asset (default 0,1; -1,1 allows shorting)", boundsPair)
    .option("--bounds-file <file>", "per-asset bounds: CSV ticker,lower,upper")
    .option("--market-neutral", "weights sum to 0 instead of 1")
    .option("--leverage <x>", "gross leverage limit: sum of |weights| ≤ x", positiveNumber)
    .option("--groups <file>", "asset groups: CSV ticker,group (limit them with --constraint)")
    .option("--constraint <text>", 'linear constraint, repeatable: "Tech <= 0.3", "AAPL + MSFT <= 0.25"', collect, [])
    .option("--gamma <g>", "L2 regularisation: adds g·Σw² to the risk", nonNegative)
    .option("--current <file>", "weights held now (CSV ticker,weight), for turnover and costs")
    .option("--max-turnover <x>", "limit on Σ|w − current|", nonNegative)
    .option("--cost-bps <bps>", "proportional transaction cost, basis points of traded value", nonNegative)
    .option("--benchmark-weights <file>", "benchmark weights (CSV ticker,weight) for min-tracking-error and --max-tracking-error")
    .option("--max-tracking-error <te>", "annual tracking-error limit against --benchmark-weights", positiveNumber)
    .option("--max-holdings <k>", "at most k assets held (solved exactly)", positiveInteger)
    .option("--min-position <x>", "a held asset's weight is at least x (solved exactly)", positiveNumber);
}

/** `required: false` for commands that can take weights instead of a model (`allocate --weights`). */
export function addModelOptions(command: Command, { required = true } = {}): Command {
  const model = new Option("--model <model>", "the optimization model").choices(modelNames);
  return command
    .addOption(required ? model.makeOptionMandatory() : model)
    .option("--target-volatility <vol>", "annual volatility for efficient-risk", positiveNumber)
    .option("--target-return <r>", "annual return for efficient-return, and the floor of min-cvar, min-cdar, min-mad, min-semivariance", finiteNumber)
    .option("--risk-aversion <delta>", "risk aversion for max-quadratic-utility (default 1)", positiveNumber)
    .option("--fallback <models>", "comma-separated models to try in order if the model fails", modelList)
    .option("--alpha <beta>", "confidence of min-cvar / min-cdar, strictly between 0 and 1 (default 0.95)", confidenceLevel)
    .option("--budgets <file>", "risk budgets for risk-parity: CSV ticker,budget (positive, summing to 1)")
    .addOption(new Option("--linkage <method>", "clustering linkage of hrp (default single), herc and nco (default ward)").choices(linkageNames))
    .option("--clusters <k>", "number of clusters of herc / nco (default: chosen by the gap statistic)", positiveInteger);
}

/** Refuses a model-specific option when no model given (nor any fallback) takes it. */
export function checkModelOptions(options: ModelOptions): void {
  const names: readonly ModelName[] = [options.model, ...(options.fallback ?? [])];
  for (const [key, { flag, models }] of Object.entries(optionModels)) {
    if (options[key as keyof typeof optionModels] === undefined) continue;
    if (!names.some((name) => (models as readonly string[]).includes(name))) {
      throw new UsageError(`${flag} applies to ${models.join(", ")}, not to ${names.join(", ")}.`);
    }
  }
}

export async function constraintsRequest(options: ConstraintOptions): Promise<ConstraintsRequest> {
  if (options.maxTrackingError !== undefined && options.benchmarkWeights === undefined) {
    throw new UsageError("--max-tracking-error needs --benchmark-weights FILE.");
  }
  const groups = options.groups === undefined ? undefined : await readGroupsFile(options.groups);
  const benchmark = options.benchmarkWeights === undefined ? undefined : await readWeightsFile(options.benchmarkWeights);
  return {
    bounds: options.bounds,
    assetBounds: options.boundsFile === undefined ? undefined : await readBoundsFile(options.boundsFile),
    budget: options.marketNeutral ? 0 : undefined,
    grossLeverage: options.leverage,
    groups,
    constraints: options.constraint,
    l2Gamma: options.gamma,
    currentWeights: options.current === undefined ? undefined : await readWeightsFile(options.current),
    maxTurnover: options.maxTurnover,
    transactionCost: options.costBps === undefined ? undefined : options.costBps / 10_000,
    trackingError:
      options.maxTrackingError === undefined || benchmark === undefined
        ? undefined
        : { benchmark, max: options.maxTrackingError },
    maxHoldings: options.maxHoldings,
    minPosition: options.minPosition,
  };
}

/**
 * One model name and its parameters → the service's model request. `tickers` (the price file's) let a
 * side file's unknown ticker be reported at its line.
 */
export async function modelRequest(
  name: ModelName,
  options: ModelOptions & ConstraintOptions,
  tickers?: readonly string[],
): Promise<ModelRequest> {
  const target = options.targetReturn === undefined ? {} : { targetReturn: options.targetReturn };
  const linkage = options.linkage === undefined ? {} : { linkage: options.linkage };
  const clusters = options.clusters === undefined ? {} : { clusters: options.clusters };
  const benchmark = options.benchmarkReturn === undefined ? {} : { benchmark: options.benchmarkReturn };
  switch (name) {
    case "min-volatility":
      return { kind: "minVolatility" };
    case "max-sharpe":
      return { kind: "maxSharpe" };
    case "max-quadratic-utility":
      return { kind: "maxQuadraticUtility", riskAversion: options.riskAversion };
    case "efficient-risk":
      if (options.targetVolatility === undefined) throw new UsageError("efficient-risk needs --target-volatility.");
      return { kind: "efficientRisk", targetVolatility: options.targetVolatility };
    case "efficient-return":
      if (options.targetReturn === undefined) throw new UsageError("efficient-return needs --target-return.");
      return { kind: "efficientReturn", targetReturn: options.targetReturn };
    case "min-tracking-error":
      if (options.benchmarkWeights === undefined) {
        throw new UsageError("min-tracking-error needs --benchmark-weights FILE.");
      }
      return { kind: "minTrackingError", benchmark: await readWeightsFile(options.benchmarkWeights) };
    case "min-cvar":
    case "min-cdar":
      return { kind: name === "min-cvar" ? "minCvar" : "minCdar", ...(options.alpha === undefined ? {} : { confidence: options.alpha }), ...target };
    case "min-mad":
      return { kind: "minMad", ...target };
    case "min-semivariance":
      return { kind: "minSemivariance", ...benchmark, ...target };
    case "max-sortino":
      return { kind: "maxSortino", ...benchmark };
    case "equal-weight":
      return { kind: "equalWeight" };
    case "inverse-volatility":
      return { kind: "inverseVolatility" };
    case "inverse-variance":
      return { kind: "inverseVariance" };
    case "risk-parity":
      return options.budgets === undefined ? { kind: "riskParity" } : { kind: "riskParity", budgets: await readBudgetsFile(options.budgets, { tickers }) };
    case "max-diversification":
      return { kind: "maxDiversification" };
    case "hrp":
      return { kind: "hierarchicalRiskParity", ...linkage };
    case "herc":
      return { kind: "hierarchicalEqualRiskContribution", ...linkage, ...clusters };
    case "nco":
      return { kind: "nestedClusteredOptimization", ...linkage, ...clusters };
  }
}
