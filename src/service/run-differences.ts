/**
 * What changed between a stored optimization run and its re-run: whether the prices and the program
 * were the same, the model that answered, and the change of every weight and measure (re-run minus
 * original). A weight missing on one side counts as 0; a measure missing or null on either side has
 * a null change.
 */
import type { OptimizationRun } from "../store/index.js";

export interface RunDifferences {
  /** Same panel hash: the re-run saw exactly the original prices. */
  readonly samePrices: boolean;
  readonly sameProgramVersion: boolean;
  readonly modelChanged: boolean;
  /** Ticker → re-run weight − original weight. */
  readonly weights: Readonly<Record<string, number>>;
  /** Largest |weight change| (0 when there are no weights, as for a frontier). */
  readonly maxAbsWeightChange: number;
  /** Measure → re-run − original, null where either is missing. */
  readonly metrics: Readonly<Record<string, number | null>>;
}

export function compareRuns(original: OptimizationRun, rerun: OptimizationRun): RunDifferences {
  const tickers = [...new Set([...Object.keys(original.weights), ...Object.keys(rerun.weights)])];
  const weights = Object.fromEntries(tickers.map((t) => [t, (rerun.weights[t] ?? 0) - (original.weights[t] ?? 0)]));
  const names = [...new Set([...Object.keys(original.metrics), ...Object.keys(rerun.metrics)])];
  const metrics = Object.fromEntries(
    names.map((name) => {
      const a = original.metrics[name];
      const b = rerun.metrics[name];
      return [name, typeof a === "number" && typeof b === "number" ? b - a : null];
    }),
  );
  return {
    samePrices: original.panelHash === rerun.panelHash,
    sameProgramVersion: original.programVersion === rerun.programVersion,
    modelChanged: original.model !== rerun.model,
    weights,
    maxAbsWeightChange: Object.values(weights).reduce((m, d) => Math.max(m, Math.abs(d)), 0),
    metrics,
  };
}
