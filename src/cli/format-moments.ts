/** The readable (non-JSON) output of `portfolio stats`. */
import type { SymmetricMatrix } from "../core/linalg/matrix.js";
import type { MomentsEstimate } from "../service/index.js";

const MAX_MATRIX_COLUMNS = 25;

export function formatMoments(
  estimate: MomentsEstimate,
  labels: { source: string; returns: string; risk: string; correlation?: SymmetricMatrix },
): string {
  const { tickers, expectedReturns, covariance } = estimate;
  const n = tickers.length;
  const width = Math.max(6, ...tickers.map((t) => t.length)) + 1;
  const lines: string[] = [];
  lines.push(
    `${labels.source}: ${n} assets, ${estimate.observations} return rows ${estimate.start} … ${estimate.end}, ` +
      `${estimate.periodsPerYear} periods a year`,
  );
  lines.push(
    `expected returns: ${labels.returns}; risk model: ${labels.risk}` +
      (estimate.shrinkage === null ? "" : ` (shrinkage ${estimate.shrinkage.toFixed(6)})`) +
      (estimate.repaired === null ? "" : `; covariance repaired (${estimate.repaired}): it was not positive semidefinite`),
  );
  lines.push("");
  lines.push(`${"ticker".padEnd(width)}${"return".padStart(10)}${"volatility".padStart(12)}`);
  for (let i = 0; i < n; i++) {
    const volatility = Math.sqrt(Math.max(0, covariance.data[i * n + i]));
    lines.push(`${tickers[i].padEnd(width)}${pct(expectedReturns[i]).padStart(10)}${pct(volatility).padStart(12)}`);
  }
  lines.push("");
  const matrix = labels.correlation ?? covariance;
  const title = labels.correlation ? "correlation" : "covariance (annualised)";
  if (n > MAX_MATRIX_COLUMNS) {
    lines.push(`${title}: ${n}×${n}, too wide to print; use --json`);
  } else {
    lines.push(title);
    lines.push(" ".repeat(width) + tickers.map((t) => t.padStart(10)).join(""));
    for (let i = 0; i < n; i++) {
      const row = Array.from(matrix.data.subarray(i * n, (i + 1) * n), (v) => v.toFixed(5).padStart(10));
      lines.push(tickers[i].padEnd(width) + row.join(""));
    }
  }
  return `${lines.join("\n")}\n`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}
