/**
 * The bundled sample universe (samples/: 20 S&P 500 stocks and the index, 1990–2022, from skfolio;
 * see samples/README.md), loaded into an empty store so a new installation shows real assets without
 * a network. "Empty" means no price rows at all: a store that has any prices is never touched, so
 * running this at every start is safe and cheap (one `listAssets` query).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importPriceFile, type ImportPricesResult } from "./import-prices.js";
import type { PriceStore } from "./price-store.js";
import { readAssetFile } from "./read-asset-file.js";

export const SAMPLE_PRICE_FILES = ["sp500_dataset.csv.gz", "sp500_index.csv.gz"] as const;
export const SAMPLE_ASSET_FILE = "sp500_assets.csv";

/**
 * The samples/ folder of the package: two levels up from this module both in the sources
 * (src/data/) and in the build (dist/data/), so it is found from either.
 */
export function samplesDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, "..", "..", "samples");
}

export interface SampleDataResult {
  /** False when the store already had prices and nothing was done. */
  readonly loaded: boolean;
  /** One entry per price file imported. */
  readonly imports: readonly ImportPricesResult[];
  /** Asset descriptions written. */
  readonly assets: number;
}

/**
 * Imports the sample price files and asset descriptions when the store holds no prices; does
 * nothing otherwise. Each price file is one atomic upsert.
 *
 * @param directory - where the sample files are (default: `samplesDirectory()`).
 * @example const { loaded } = await loadSampleData(repo) // true the first time, then false
 */
export async function loadSampleData(store: PriceStore, directory: string = samplesDirectory()): Promise<SampleDataResult> {
  const assets = await store.listAssets();
  if (assets.some((a) => a.rows > 0)) return Object.freeze({ loaded: false, imports: Object.freeze([]), assets: 0 });
  const imports: ImportPricesResult[] = [];
  for (const file of SAMPLE_PRICE_FILES) imports.push(await importPriceFile(store, join(directory, file)));
  const assetFile = join(directory, SAMPLE_ASSET_FILE);
  const descriptions = existsSync(assetFile) ? await readAssetFile(assetFile) : [];
  if (descriptions.length > 0) await store.upsertAssets(descriptions);
  return Object.freeze({ loaded: true, imports: Object.freeze(imports), assets: descriptions.length });
}
