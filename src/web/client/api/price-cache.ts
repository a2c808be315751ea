/**
 * Closing prices fetched once per ticker per page load: the frontier's asset markers, the correlation
 * heatmap and the allocation's latest prices all need them, often for the same tickers.
 */
import type { PriceSeries } from "../analysis/asset-statistics.js";
import { assetPrices, listAssets } from "./endpoints.js";
import type { Asset } from "./types.js";

const cache = new Map<string, Promise<PriceSeries>>();

export function cachedPrices(ticker: string): Promise<PriceSeries> {
  let entry = cache.get(ticker);
  if (entry === undefined) {
    entry = assetPrices(ticker);
    entry.catch(() => cache.delete(ticker));
    cache.set(ticker, entry);
  }
  return entry;
}

/** Forgets cached prices (after an import changed them). */
export function clearPriceCache(): void {
  cache.clear();
}

let assets: Promise<Asset[]> | null = null;

/** The asset list, fetched once (sectors for group limits, names for tables). */
export function cachedAssets(): Promise<Asset[]> {
  if (assets === null) {
    assets = listAssets();
    assets.catch(() => {
      assets = null;
    });
  }
  return assets;
}

export function clearAssetCache(): void {
  assets = null;
}

/** Sector → member tickers, for the selected tickers (assets without a sector are left out). */
export async function sectorGroups(tickers: readonly string[]): Promise<Record<string, string[]>> {
  const groups: Record<string, string[]> = {};
  const list = await cachedAssets().catch(() => [] as Asset[]);
  for (const a of list) {
    if (!a.sector || !tickers.includes(a.ticker)) continue;
    (groups[a.sector] ??= []).push(a.ticker);
  }
  return groups;
}
