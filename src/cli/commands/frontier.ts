/**
 * `portfolio frontier --prices FILE --points N`: the efficient frontier under the constraints given,
 * from the minimum-volatility portfolio to the maximum-return one.
 */
import { Command } from "commander";
import { frontierOfPortfolio } from "../../service/index.js";
import type { CliIo } from "../main.js";
import { formatFrontier } from "../format-optimization.js";
import { addConstraintOptions, constraintsRequest, type ConstraintOptions } from "../optimize-options.js";
import { positiveInteger } from "../option-parsers.js";
import { addUniverseOptions, momentsRequest, type UniverseOptions } from "../universe-options.js";

type FrontierOptions = UniverseOptions & ConstraintOptions & { points: number; json?: boolean };

export function registerFrontier(program: Command, io: CliIo): void {
  const command = program.command("frontier").description("the efficient frontier of a price file under constraints");
  addConstraintOptions(addUniverseOptions(command))
    .option("--points <n>", "number of frontier points (≥ 2)", positiveInteger, 20)
    .option("--json", "print one JSON object (see README)")
    .action(async (options: FrontierOptions) => {
      const result = frontierOfPortfolio({
        ...(await momentsRequest(options)),
        points: options.points,
        constraints: await constraintsRequest(options),
        riskFreeRate: options.riskFreeRate,
      });
      if (options.json) io.stdout(`${JSON.stringify({ points: result.points })}\n`);
      else io.stdout(formatFrontier(result));
    });
}
