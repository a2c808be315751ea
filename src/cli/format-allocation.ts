/** Readable (non-JSON) output of `portfolio allocate`. */
import type { AllocationResult } from "../service/index.js";

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const amount = (x: number) => x.toFixed(2);
const count = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(4));

export function formatAllocation(result: AllocationResult, source: string): string {
  const lines: string[] = [];
  const model = result.optimization === null ? "given weights" : `model ${result.optimization.model}`;
  const how = result.mode === "allocation" ? `whole shares (${result.method})` : "rebalance plan";
  lines.push(`${source}: ${how} of ${model} at the prices of ${result.priceDate}`);
  lines.push("");
  const shown = result.tickers.filter((t) => result.targetWeights[t] !== 0 || (result.shares[t] ?? 0) !== 0);
  const width = Math.max(6, ...shown.map((t) => t.length)) + 1;
  lines.push(`${"ticker".padEnd(width)}${"price".padStart(10)}${"shares".padStart(10)}${"weight".padStart(10)}${"target".padStart(10)}`);
  for (const t of shown) {
    const price = result.prices[t];
    lines.push(
      `${t.padEnd(width)}${(price === undefined ? "" : amount(price)).padStart(10)}${count(result.shares[t] ?? 0).padStart(10)}` +
        `${pct(result.weights[t]).padStart(10)}${pct(result.targetWeights[t]).padStart(10)}`,
    );
  }
  lines.push("");
  if (result.trades.length === 0) lines.push("no trades");
  else {
    lines.push("trades:");
    for (const trade of result.trades) {
      const fee = trade.fee === 0 ? "" : ` (fee ${amount(trade.fee)})`;
      lines.push(`  ${trade.side.padEnd(5)}${count(trade.shares).padStart(10)} ${trade.ticker.padEnd(width)}${amount(trade.value).padStart(12)}${fee}`);
    }
  }
  lines.push("");
  const fees = result.totalFees === 0 ? "" : `   fees ${amount(result.totalFees)}`;
  const band = result.withinTolerance === false ? "   (outside the tolerance: the closest plan possible)" : "";
  lines.push(`cash left ${amount(result.leftover)}${fees}   largest weight gap ${pct(result.maxDeviation)}${band}`);
  return `${lines.join("\n")}\n`;
}
