/**
 * History's rows: every saved optimization and backtest on the server (GET /results, newest first),
 * with the portfolio each belongs to named. Frontier traces are saved beside their optimization and
 * reopened with it, so they are not listed on their own.
 */
import { listPortfolios } from "../api/endpoints.js";
import { listResults } from "../api/saved-runs.js";
import type { ResultSummary } from "../api/types.js";
import { modelLabel } from "../catalogue.js";
import { decimal, percent } from "../ui/format.js";

export interface HistoryEntry {
  readonly key: string;
  readonly kind: ResultSummary["kind"];
  /** The stored run's id (GET /results/:id or GET /backtests/:id). */
  readonly id: number;
  readonly label: string;
  /** The headline measures, for the list. */
  readonly measures: string;
  readonly portfolio: string | null;
  readonly createdAt: string;
}

export interface HistoryPage {
  readonly entries: readonly HistoryEntry[];
  readonly next: string | null;
}

function measuresOf(r: ResultSummary): string {
  const m = r.metrics;
  const parts =
    r.kind === "optimization"
      ? [`return ${percent(m.expectedReturn)}`, `vol ${percent(m.volatility)}`, `Sharpe ${decimal(m.sharpe)}`]
      : [`Sharpe ${decimal(m.sharpe)}`, `max drawdown ${percent(m.maxDrawdown)}`];
  return parts.filter((p) => !p.endsWith("–")).join(" · ");
}

/** One page of saved runs, `before` the cursor of the previous page (none: the newest). */
export async function historyPage(before?: string, limit = 50): Promise<HistoryPage> {
  const [page, portfolios] = await Promise.all([listResults({ limit, before }), listPortfolios().catch(() => [])]);
  const names = new Map(portfolios.map((p) => [p.id, p.name]));
  const entries = page.items
    .filter((r) => !(r.kind === "optimization" && r.models.includes("frontier")))
    .map((r) => ({
      key: `${r.kind}:${r.id}`,
      kind: r.kind,
      id: r.id,
      label: r.kind === "backtest" ? `Backtest${r.models.length > 0 ? `: ${r.models.map(modelLabel).join(" vs ")}` : ""}` : r.models.map((m) => (m === "allocation" ? "Allocation of given weights" : modelLabel(m))).join(", ") || "Optimization",
      measures: measuresOf(r),
      portfolio: r.portfolioId === null ? null : (names.get(r.portfolioId) ?? `#${r.portfolioId}`),
      createdAt: r.createdAt,
    }));
  return { entries, next: page.next };
}
