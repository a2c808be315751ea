/**
 * `portfolio frontier --prices FILE --points N [--risk-measure cvar --alpha 0.95]`: the efficient
 * frontier under the constraints given, from the minimum-risk portfolio to the maximum-return one, in
 * variance or in a historical risk measure.
 */
import { Command, Option } from "commander";
import { frontierOfPortfolio } from "../../service/index.js";
import type { CliIo } from "../main.js";
import { addBlackLittermanOptions, blackLittermanRequest, type BlackLittermanOptions } from "../black-litterman-options.js";
import { formatFrontier } from "../format-optimization.js";
import { addConstraintOptions, confidenceLevel, constraintsRequest, type ConstraintOptions } from "../optimize-options.js";
import { UsageError } from "../exit-codes.js";
import { positiveInteger } from "../option-parsers.js";
import { addUniverseOptions, momentsRequest, type UniverseOptions } from "../universe-options.js";

const riskMeasureNames = ["variance", "cvar", "cdar", "mad", "semivariance"] as const;

type FrontierOptions = UniverseOptions &
  ConstraintOptions &
  BlackLittermanOptions & { points: number; riskMeasure: (typeof riskMeasureNames)[number]; alpha?: number; json?: boolean };

export function registerFrontier(program: Command, io: CliIo): void {
  const command = program.command("frontier").description("the efficient frontier of a price file under constraints");
  addBlackLittermanOptions(addConstraintOptions(addUniverseOptions(command)))
    .option("--points <n>", "number of frontier points (≥ 2)", positiveInteger, 20)
    .addOption(new Option("--risk-measure <measure>", "the risk the frontier minimises at each return").choices(riskMeasureNames).default("variance"))
    .option("--alpha <beta>", "confidence of the cvar / cdar frontier, strictly between 0 and 1 (default 0.95)", confidenceLevel)
    .option("--json", "print one JSON object (see README)")
    .action(async (options: FrontierOptions) => {
      if (options.alpha !== undefined && options.riskMeasure !== "cvar" && options.riskMeasure !== "cdar") {
        throw new UsageError("--alpha applies to --risk-measure cvar or cdar.");
      }
      const moments = await momentsRequest(options);
      const result = await frontierOfPortfolio({
        ...moments,
        points: options.points,
        constraints: await constraintsRequest(options),
        riskFreeRate: options.riskFreeRate,
        riskMeasure: options.riskMeasure,
        confidence: options.alpha,
        blackLitterman: await blackLittermanRequest(options, moments.prices.tickers),
      });
      if (options.json) io.stdout(`${JSON.stringify({ points: result.points, riskMeasure: result.riskMeasure })}\n`);
      else io.stdout(formatFrontier(result));
    });
}
