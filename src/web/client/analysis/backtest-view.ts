/**
 * A backtest result (issue 6's `{"runs":[{"model","metrics","equity","drawdown","rebalances"}]}`) read
 * into the shape the charts draw, tolerating weights given per ticker or as a vector over `tickers`,
 * and a missing drawdown (computed from the equity).
 */
import type { BacktestRunView, BacktestView, DatedValue } from "../api/types.js";
import { drawdownOf } from "./monthly-returns.js";

type Loose = Record<string, unknown>;

function series(raw: unknown): DatedValue[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((p): DatedValue | null => {
      if (Array.isArray(p)) return [String(p[0]), Number(p[1])];
      const o = p as Loose;
      return o && typeof o.date === "string" ? [o.date, Number(o.value ?? o.equity ?? o.drawdown)] : null;
    })
    .filter((p): p is DatedValue => p !== null && Number.isFinite(p[1]));
}

function weightsOf(raw: unknown, tickers: readonly string[]): Record<string, number> | undefined {
  if (Array.isArray(raw)) return Object.fromEntries(tickers.map((t, i) => [t, Number(raw[i] ?? 0)]));
  if (raw && typeof raw === "object") return raw as Record<string, number>;
  return undefined;
}

/** A run's metrics: on the run itself, or in the stored record's metrics by model name or position. */
function metricsFor(stored: unknown, run: Loose, index: number): unknown {
  if (run.metrics !== undefined) return run.metrics;
  if (Array.isArray(stored)) return (stored[index] as Loose | undefined)?.metrics ?? stored[index];
  const byModel = (stored as Loose | null)?.[String(run.model ?? run.strategy)];
  return byModel ?? (Array.isArray((stored as Loose | null)?.runs) ? ((stored as Loose).runs as Loose[])[index]?.metrics : undefined);
}

/** The `{runs: […]}` document inside a job result (`{kind, run: {metrics, series}}`) or a stored record. */
function unwrap(raw: Loose): Loose {
  const record = (raw.run && typeof raw.run === "object" ? raw.run : raw.result && typeof raw.result === "object" ? raw.result : raw) as Loose;
  if (Array.isArray(record.runs)) return record;
  const series = record.series as Loose | null | undefined;
  if (series && Array.isArray(series.runs)) {
    return { ...series, runs: (series.runs as Loose[]).map((r, i) => ({ ...r, metrics: metricsFor(record.metrics, r, i) ?? {} })) };
  }
  return record;
}

export function backtestView(raw: Loose): BacktestView {
  const body = unwrap(raw);
  const tickers = Array.isArray(body.tickers) ? (body.tickers as string[]) : [];
  const runs = (Array.isArray(body.runs) ? body.runs : []) as Loose[];
  const view: BacktestRunView[] = runs.map((r) => {
    const equity = series(r.equity);
    const drawdown = series(r.drawdown);
    return {
      model: String(r.model ?? r.strategy ?? r.name ?? "model"),
      metrics: (r.metrics ?? {}) as BacktestRunView["metrics"],
      equity,
      drawdown: drawdown.length > 0 ? drawdown : drawdownOf(equity),
      rebalances: (Array.isArray(r.rebalances) ? r.rebalances : []).map((b: Loose) => ({
        date: String(b.date),
        weights: weightsOf(b.weights, tickers),
        turnover: typeof b.turnover === "number" ? b.turnover : undefined,
      })),
    };
  });
  const benchmarks = (Array.isArray(body.benchmarks) ? body.benchmarks : []) as Loose[];
  return { runs: view, benchmarks: benchmarks.map((b) => ({ name: String(b.name ?? "benchmark"), equity: series(b.equity ?? b.values) })).filter((b) => b.equity.length > 0) };
}
