/**
 * History's rows: the runs made in this browser (optimizations by result id, backtests by job id)
 * merged with every saved portfolio's stored runs from the API, newest first, one row per run.
 */
import { listPortfolios, portfolioResults } from "../api/endpoints.js";
import type { BacktestRunRecord, OptimizationRun } from "../api/types.js";
import { modelLabel } from "../catalogue.js";
import { loggedRuns } from "../state/run-log.js";

export interface HistoryEntry {
  readonly key: string;
  readonly kind: "optimization" | "backtest";
  /** Optimization: its result id. Backtest: its job id when made here, else null. */
  readonly id: number;
  readonly jobId: number | null;
  readonly label: string;
  readonly portfolio: string | null;
  readonly createdAt: string;
  readonly optimization?: OptimizationRun;
  readonly backtest?: BacktestRunRecord;
}

export async function historyEntries(): Promise<HistoryEntry[]> {
  const entries = new Map<string, HistoryEntry>();
  const portfolios = await listPortfolios();
  const lists = await Promise.all(portfolios.map((p) => portfolioResults(p.id).then((runs) => ({ p, runs }), () => ({ p, runs: null }))));
  for (const { p, runs } of lists) {
    for (const o of runs?.optimizations ?? []) {
      if (o.model === "frontier") continue; // traced beside an optimization; reopened with it
      entries.set(`optimization:${o.id}`, { key: `optimization:${o.id}`, kind: "optimization", id: o.id, jobId: null, label: modelLabel(o.model), portfolio: p.name, createdAt: o.createdAt, optimization: o });
    }
    for (const b of runs?.backtests ?? []) {
      entries.set(`backtest-run:${b.id}`, { key: `backtest-run:${b.id}`, kind: "backtest", id: b.id, jobId: null, label: "Backtest", portfolio: p.name, createdAt: b.createdAt, backtest: b });
    }
  }
  for (const r of loggedRuns()) {
    const key = r.kind === "optimization" ? `optimization:${r.id}` : `backtest-job:${r.id}`;
    const known = entries.get(key);
    entries.set(key, known ? { ...known, label: r.label } : { key, kind: r.kind, id: r.id, jobId: r.kind === "backtest" ? r.id : null, label: r.label, portfolio: null, createdAt: r.createdAt });
  }
  return [...entries.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
