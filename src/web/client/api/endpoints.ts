/**
 * One function per API call the page makes, each returning the JSON shape of api/types.ts. Responses
 * are read tolerantly (a list may come bare or under a key) so the screens stay simple.
 */
import type { PriceSeries } from "../analysis/asset-statistics.js";
import { request } from "./http.js";
import type { AllocationResponse, Asset, FrontierResponse, Job, OptimizationRun, OptimizeResponse, Portfolio, PortfolioRuns, PriceFetchResult } from "./types.js";

type Loose = Record<string, unknown>;

function listOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  for (const key of keys) {
    const value = (body as Loose | null)?.[key];
    if (Array.isArray(value)) return value as T[];
  }
  return [];
}

function asset(raw: Loose): Asset {
  const range = (raw.range ?? raw.history ?? {}) as Loose;
  return {
    ticker: String(raw.ticker),
    name: (raw.name as string | null | undefined) ?? null,
    sector: (raw.sector as string | null | undefined) ?? null,
    firstDate: ((raw.firstDate ?? raw.first ?? raw.start ?? range.start ?? range.first) as string | null | undefined) ?? null,
    lastDate: ((raw.lastDate ?? raw.last ?? raw.end ?? range.end ?? range.last) as string | null | undefined) ?? null,
    rows: Number(raw.rows ?? raw.observations ?? raw.count ?? 0),
  };
}

export async function listAssets(): Promise<Asset[]> {
  return listOf<Loose>(await request("/assets"), "assets", "items").map(asset);
}

/** Closing prices of one asset; accepts `[{date, close}]`, `[[date, close]]` or `{dates, closes}`. */
export async function assetPrices(ticker: string): Promise<PriceSeries> {
  const body = await request<Loose | unknown[]>(`/assets/${encodeURIComponent(ticker)}/prices`);
  if (!Array.isArray(body) && Array.isArray(body.dates)) {
    return { ticker, dates: body.dates as string[], closes: (body.closes ?? body.prices ?? body.values) as number[] };
  }
  const rows = listOf<unknown>(body, "prices", "rows", "items");
  const dates: string[] = [];
  const closes: number[] = [];
  for (const row of rows) {
    if (Array.isArray(row)) {
      dates.push(String(row[0]));
      closes.push(Number(row[1]));
    } else {
      const r = row as Loose;
      dates.push(String(r.date));
      closes.push(Number(r.price ?? r.adjustedClose ?? r.close ?? r.value));
    }
  }
  return { ticker, dates, closes };
}

export function importPriceCsv(text: string): Promise<Loose> {
  return request<Loose>("/prices", { method: "POST", text, contentType: "text/csv" });
}

/** Downloads prices from the server's provider (Yahoo) into the store; 503 when it is offline. */
export function fetchPrices(body: { readonly tickers: readonly string[]; readonly start?: string; readonly end?: string }): Promise<PriceFetchResult> {
  return request<PriceFetchResult>("/prices/fetch", { method: "POST", json: body });
}

export async function listPortfolios(): Promise<Portfolio[]> {
  return listOf<Portfolio>(await request("/portfolios"), "portfolios", "items");
}

export function createPortfolio(name: string, tickers: readonly string[]): Promise<Portfolio> {
  return request<Portfolio>("/portfolios", { method: "POST", json: { name, tickers } });
}

export function deletePortfolio(id: number): Promise<null> {
  return request<null>(`/portfolios/${id}`, { method: "DELETE" });
}

export function optimize(body: Loose): Promise<OptimizeResponse> {
  return request<OptimizeResponse>("/optimize", { method: "POST", json: body });
}

export function frontier(body: Loose): Promise<FrontierResponse> {
  return request<FrontierResponse>("/frontier", { method: "POST", json: body });
}

export function allocate(body: Loose): Promise<AllocationResponse> {
  return request<AllocationResponse>("/allocate", { method: "POST", json: body });
}

export async function submitBacktest(body: Loose): Promise<number> {
  const response = await request<Loose>("/backtests", { method: "POST", json: body });
  return Number(response.jobId ?? response.id);
}

export function getJob(id: number): Promise<Job> {
  return request<Job>(`/jobs/${id}`);
}

export function jobResult(id: number): Promise<Loose> {
  return request<Loose>(`/jobs/${id}/result`);
}

export function cancelJob(id: number): Promise<unknown> {
  return request(`/jobs/${id}`, { method: "DELETE" });
}

export async function portfolioResults(portfolioId: number): Promise<PortfolioRuns> {
  const body = await request<Partial<PortfolioRuns>>(`/portfolios/${portfolioId}/results`);
  return { optimizations: body?.optimizations ?? [], backtests: body?.backtests ?? [] };
}

export function getResult(id: number): Promise<OptimizationRun> {
  return request<OptimizationRun>(`/results/${id}`);
}

export function deleteResult(id: number): Promise<null> {
  return request<null>(`/results/${id}`, { method: "DELETE" });
}

export function rerunResult(id: number): Promise<Loose> {
  return request<Loose>(`/results/${id}/rerun`, { method: "POST", json: {} });
}
