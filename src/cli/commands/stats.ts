/**
 * `portfolio stats --prices FILE`: annualised expected returns and the covariance (or correlation)
 * of a price file. `--json` prints the documented contract (README, "portfolio stats --json").
 */
import { Command } from "commander";
import { covarianceToCorrelation } from "../../core/moments/index.js";
import { symmetricToRows } from "../../core/linalg/matrix.js";
import { estimateMoments } from "../../service/index.js";
import type { CliIo } from "../main.js";
import { formatMoments } from "../format-moments.js";
import { addUniverseOptions, momentsRequest, type UniverseOptions } from "../universe-options.js";

interface StatsOptions extends UniverseOptions {
  correlation?: boolean;
  json?: boolean;
}

export function registerStats(program: Command, io: CliIo): void {
  addUniverseOptions(program.command("stats").description("annualised expected returns and covariance of a price file"))
    .option("--correlation", "print the correlation matrix instead of the covariance")
    .option("--json", "print one JSON object (see README)")
    .action(async (options: StatsOptions) => {
      const estimate = estimateMoments(await momentsRequest(options));
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
