/** Readable (non-JSON) output of `portfolio optimize` and `portfolio frontier`. */
import type { FrontierResult, OptimizationResult } from "../service/index.js";

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const ratio = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));

/** The risk measures in words (text output) and as a column header (frontier table). */
const riskNames: Record<string, readonly [string, string]> = {
  cvar: ["CVaR (per period)", "CVaR"],
  cdar: ["CDaR", "CDaR"],
  meanAbsoluteDeviation: ["mean absolute deviation (per period)", "MAD"],
  semideviation: ["semideviation (annual)", "semidev"],
};

export function formatOptimization(result: OptimizationResult, source: string): string {
  const lines: string[] = [];
  const e = result.estimate;
  lines.push(`${source}: ${result.tickers.length} assets, returns ${e.start} … ${e.end} (${e.observations} rows)`);
  const fallback = result.fallbackFrom.map((f) => `${f.model} failed (${f.message})`).join("; ");
  lines.push(`model: ${result.model}${fallback ? ` — after: ${fallback}` : ""}`);
  const bl = result.blackLitterman;
  if (bl !== null) {
    const delta = bl.riskAversion === null ? "" : `, δ ${bl.riskAversion.toFixed(3)} (${bl.riskAversionSource})`;
    lines.push(`Black-Litterman: ${bl.views} view${bl.views === 1 ? "" : "s"} (${bl.uncertainty}), τ ${bl.tau}${delta}`);
  }
  lines.push("");
  const held = result.tickers
    .map((t) => ({ t, w: result.weights[t], rc: result.riskContributions?.[t] }))
    .filter((x) => x.w !== 0)
    .sort((a, b) => Math.abs(b.w) - Math.abs(a.w));
  const width = Math.max(6, ...held.map((x) => x.t.length)) + 1;
  lines.push(`${"ticker".padEnd(width)}${"weight".padStart(10)}${"risk share".padStart(12)}`);
  for (const { t, w, rc } of held) {
    lines.push(`${t.padEnd(width)}${pct(w).padStart(10)}${(rc === undefined ? "" : pct(rc)).padStart(12)}`);
  }
  const omitted = result.tickers.length - held.length;
  if (omitted > 0) lines.push(`(${omitted} asset${omitted === 1 ? "" : "s"} at 0%)`);
  lines.push("");
  const p = result.performance;
  lines.push(`expected return ${pct(p.expectedReturn)}   volatility ${pct(p.volatility)}   Sharpe ${ratio(p.sharpe)}`);
  const rm = result.riskMeasure;
  if (rm !== null) {
    const quantile = rm.quantile === undefined ? "" : ` (quantile ${pct(rm.quantile)})`;
    lines.push(`${riskNames[rm.name]?.[0] ?? rm.name} ${pct(rm.value)}${quantile}`);
  }
  return `${lines.join("\n")}\n`;
}


export function formatFrontier(result: FrontierResult): string {
  const measure = result.riskMeasure === "volatility" ? "" : (riskNames[result.riskMeasure]?.[1] ?? result.riskMeasure);
  const riskColumn = measure === "" ? "" : measure.padStart(10);
  const lines = [`${"#".padStart(3)}${"return".padStart(10)}${"volatility".padStart(12)}${riskColumn}${"Sharpe".padStart(9)}  largest weights`];
  result.points.forEach((p, k) => {
    const top = Object.entries(p.weights)
      .filter(([, w]) => w !== 0)
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
      .slice(0, 3)
      .map(([t, w]) => `${t} ${pct(w)}`)
      .join(", ");
    const risk = measure === "" ? "" : pct(p.risk).padStart(10);
    lines.push(`${String(k + 1).padStart(3)}${pct(p.expectedReturn).padStart(10)}${pct(p.volatility).padStart(12)}${risk}${ratio(p.sharpe).padStart(9)}  ${top}`);
  });
  return `${lines.join("\n")}\n`;
}
