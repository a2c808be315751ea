/**
 * The saved runs across every portfolio: GET /results lists optimizations and backtests newest first
 * (summaries, paged by `before`), GET/DELETE /backtests/:id and DELETE /results/:id act on one.
 * Summaries are read tolerantly (bare list or under a key; models named or in the parameters).
 */
import { request } from "./http.js";
import type { BacktestRunRecord, ResultSummary } from "./types.js";

type Loose = Record<string, unknown>;

/** The server's page size when none is asked for. */
const DEFAULT_LIMIT = 100;

export interface ResultQuery {
  readonly kind?: ResultSummary["kind"];
  readonly portfolioId?: number;
  readonly limit?: number;
  /** Only runs created before this time (the `next` of the previous page: its last `createdAt`). */
  readonly before?: string;
}

export interface ResultPage {
  readonly items: readonly ResultSummary[];
  /** The `before` of the next (older) page, or null when this is the last one. */
  readonly next: string | null;
}

function modelsOf(raw: Loose): string[] {
  const parameters = (raw.parameters ?? {}) as Loose;
  const source = raw.models ?? raw.model ?? parameters.models ?? parameters.model;
  const list = Array.isArray(source) ? source : source === undefined || source === null ? [] : [source];
  return list.map((m) => (typeof m === "string" ? m : String((m as Loose).kind ?? (m as Loose).model ?? (m as Loose).name ?? "model")));
}

function metricsOf(raw: Loose): Record<string, number | null> {
  const metrics = raw.metrics !== null && typeof raw.metrics === "object" && !Array.isArray(raw.metrics) ? { ...(raw.metrics as Record<string, number | null>) } : {};
  for (const key of ["sharpe", "maxDrawdown", "winRate", "expectedReturn", "volatility"]) {
    if (typeof raw[key] === "number" && metrics[key] === undefined) metrics[key] = raw[key] as number;
  }
  return metrics;
}

function summaryOf(raw: Loose, fallbackKind: ResultSummary["kind"] | undefined): ResultSummary {
  const kind = raw.kind === "backtest" || raw.kind === "optimization" ? raw.kind : (fallbackKind ?? (raw.series !== undefined ? "backtest" : "optimization"));
  return {
    kind,
    id: Number(raw.id),
    portfolioId: typeof raw.portfolioId === "number" ? raw.portfolioId : null,
    models: modelsOf(raw),
    createdAt: String(raw.createdAt ?? ""),
    metrics: metricsOf(raw),
  };
}

function rowsOf(body: unknown): { rows: Loose[]; kind?: ResultSummary["kind"] }[] {
  if (Array.isArray(body)) return [{ rows: body as Loose[] }];
  const b = (body ?? {}) as Loose;
  for (const key of ["items", "results", "runs"]) if (Array.isArray(b[key])) return [{ rows: b[key] as Loose[] }];
  return [
    { rows: Array.isArray(b.optimizations) ? (b.optimizations as Loose[]) : [], kind: "optimization" },
    { rows: Array.isArray(b.backtests) ? (b.backtests as Loose[]) : [], kind: "backtest" },
  ];
}

export async function listResults(query: ResultQuery = {}): Promise<ResultPage> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  const body = await request<unknown>(`/results${search.size > 0 ? `?${search.toString()}` : ""}`);
  const items = rowsOf(body).flatMap(({ rows, kind }) => rows.map((r) => summaryOf(r, kind ?? query.kind)));
  const b = (Array.isArray(body) ? {} : (body ?? {})) as Loose;
  const cursor = b.next ?? b.nextBefore ?? null;
  if (cursor !== null && cursor !== undefined) return { items, next: String(cursor) };
  // A full page may have older runs behind it: the next page is those created before its last one.
  const full = items.length >= (query.limit ?? DEFAULT_LIMIT);
  return { items, next: full && items.length > 0 ? items[items.length - 1].createdAt : null };
}

export function getBacktest(id: number): Promise<BacktestRunRecord> {
  return request<BacktestRunRecord>(`/backtests/${id}`);
}

export function deleteBacktest(id: number): Promise<null> {
  return request<null>(`/backtests/${id}`, { method: "DELETE" });
}
