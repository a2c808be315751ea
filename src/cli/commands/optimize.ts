/**
 * `portfolio optimize --prices FILE --model M`: optimal weights under the constraints given.
 * `--json` prints the documented contract (README, "portfolio optimize --json").
 */
import { Command } from "commander";
import { optimizePortfolio, type OptimizeRequest } from "../../service/index.js";
import type { CliIo } from "../main.js";
import { formatOptimization } from "../format-optimization.js";
import { addBlackLittermanOptions, blackLittermanRequest, type BlackLittermanOptions } from "../black-litterman-options.js";
import {
  addConstraintOptions,
  addModelOptions,
  checkModelOptions,
  constraintsRequest,
  modelRequest,
  type ConstraintOptions,
  type ModelOptions,
} from "../optimize-options.js";
import { addUniverseOptions, momentsRequest, type UniverseOptions } from "../universe-options.js";

export type OptimizeOptions = UniverseOptions & ModelOptions & ConstraintOptions & BlackLittermanOptions;

/** The options every optimizing command takes (`optimize`, `allocate`: there the model is optional). */
export function addOptimizeOptions(command: Command, { modelRequired = true } = {}): Command {
  return addBlackLittermanOptions(addConstraintOptions(addModelOptions(addUniverseOptions(command), { required: modelRequired })));
}

/** Reads the files the options name and builds the service's optimize request. */
export async function optimizeRequest(options: OptimizeOptions): Promise<OptimizeRequest> {
  checkModelOptions(options);
  const moments = await momentsRequest(options);
  const tickers = moments.prices.tickers;
  return {
    ...moments,
    model: await modelRequest(options.model, options, tickers),
    fallback: await Promise.all((options.fallback ?? []).map((name) => modelRequest(name, options, tickers))),
    constraints: await constraintsRequest(options),
    riskFreeRate: options.riskFreeRate,
    blackLitterman: await blackLittermanRequest(options, tickers),
  };
}

export function registerOptimize(program: Command, io: CliIo): void {
  const command = program.command("optimize").description("optimal portfolio weights for a price file, a model and constraints");
  addOptimizeOptions(command)
    .option("--json", "print one JSON object (see README)")
    .action(async (options: OptimizeOptions & { json?: boolean }) => {
      const result = await optimizePortfolio(await optimizeRequest(options));
      if (options.json) {
        const body = {
          model: result.model,
          weights: result.weights,
          performance: result.performance,
          solver: result.solver,
          riskContributions: result.riskContributions,
          fallbackFrom: result.fallbackFrom,
          riskMeasure: result.riskMeasure,
        };
        io.stdout(`${JSON.stringify(body)}\n`);
      } else {
        io.stdout(formatOptimization(result, options.prices));
      }
    });
}
