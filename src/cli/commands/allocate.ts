/**
 * `portfolio allocate --prices FILE --model M --value 10000`: optimizes (same model, estimator and
 * constraint options as `optimize`) or takes `--weights FILE`, then turns the weights into whole
 * shares at the latest prices, or, from `--holdings`/`--cash`, into the rebalance planner's trades.
 * `--json` prints the documented contract (README, "portfolio allocate --json").
 */
import { Command } from "commander";
import { allocatePortfolio } from "../../service/index.js";
import type { CliIo } from "../main.js";
import { addAllocationOptions, allocationFields, type AllocationOptions } from "../allocation-options.js";
import { UsageError } from "../exit-codes.js";
import { formatAllocation } from "../format-allocation.js";
import { addOptimizeOptions, optimizeRequest, type OptimizeOptions } from "./optimize.js";
import { momentsRequest } from "../universe-options.js";
import { blackLittermanRequest } from "../black-litterman-options.js";

type AllocateOptions = OptimizeOptions & AllocationOptions & { json?: boolean };

export function registerAllocate(program: Command, io: CliIo): void {
  const command = program
    .command("allocate")
    .description("whole shares or rebalancing trades for a model's (or given) weights at the latest prices");
  addAllocationOptions(addOptimizeOptions(command, { modelRequired: false }))
    .option("--json", "print one JSON object (see README)")
    .action(async (options: AllocateOptions) => {
      if ((options.model === undefined) === (options.weights === undefined)) {
        throw new UsageError("give --model M (optimize, then allocate) or --weights FILE (allocate these weights), one of them.");
      }
      const base =
        options.model === undefined
          ? { ...(await momentsRequest(options)), riskFreeRate: options.riskFreeRate }
          : await optimizeRequest(options);
      if (options.model === undefined && (await blackLittermanRequest(options, base.prices.tickers)) !== undefined) {
        throw new UsageError("--views and --market-caps shape a model's inputs; with --weights nothing is optimized.");
      }
      const result = await allocatePortfolio({ ...base, ...(await allocationFields(options, base.prices.tickers)) });
      if (options.json) {
        const body = {
          shares: result.shares,
          leftover: result.leftover,
          trades: result.trades,
          weights: result.weights,
          targetWeights: result.targetWeights,
          mode: result.mode,
          method: result.method,
          model: result.optimization?.model ?? null,
          totalFees: result.totalFees,
          maxDeviation: result.maxDeviation,
          withinTolerance: result.withinTolerance,
          prices: result.prices,
          priceDate: result.priceDate,
        };
        io.stdout(`${JSON.stringify(body)}\n`);
      } else {
        io.stdout(formatAllocation(result, options.prices));
      }
    });
}
