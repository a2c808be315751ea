/**
 * `portfolio optimize --prices FILE --model M`: optimal weights under the constraints given.
 * `--json` prints the documented contract (README, "portfolio optimize --json").
 */
import { Command } from "commander";
import { optimizePortfolio } from "../../service/index.js";
import type { CliIo } from "../main.js";
import { formatOptimization } from "../format-optimization.js";
import {
  addConstraintOptions,
  addModelOptions,
  constraintsRequest,
  modelRequest,
  type ConstraintOptions,
  type ModelOptions,
} from "../optimize-options.js";
import { addUniverseOptions, momentsRequest, type UniverseOptions } from "../universe-options.js";

type OptimizeOptions = UniverseOptions & ModelOptions & ConstraintOptions & { json?: boolean };

export function registerOptimize(program: Command, io: CliIo): void {
  const command = program.command("optimize").description("optimal portfolio weights for a price file, a model and constraints");
  addConstraintOptions(addModelOptions(addUniverseOptions(command)))
    .option("--json", "print one JSON object (see README)")
    .action(async (options: OptimizeOptions) => {
      const model = await modelRequest(options.model, options);
      const fallback = await Promise.all((options.fallback ?? []).map((name) => modelRequest(name, options)));
      const result = optimizePortfolio({
        ...(await momentsRequest(options)),
        model,
        fallback,
        constraints: await constraintsRequest(options),
        riskFreeRate: options.riskFreeRate,
      });
      if (options.json) {
        const body = {
          model: result.model,
          weights: result.weights,
          performance: result.performance,
          solver: result.solver,
          riskContributions: result.riskContributions,
          fallbackFrom: result.fallbackFrom,
        };
        io.stdout(`${JSON.stringify(body)}\n`);
      } else {
        io.stdout(formatOptimization(result, options.prices));
      }
    });
}
