/**
 * Checking price rows before anything is written, so a bad row is reported by its position and
 * value and the import stops with the store untouched.
 */
import { StoreError } from "./errors.js";
import type { AssetRow, PriceRow } from "./price-repository.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (2024-02-30 is not). */
export function isIsoDate(text: unknown): text is string {
  if (typeof text !== "string") return false;
  const m = ISO_DATE.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

function reject(index: number, row: PriceRow, field: string, value: unknown, rule: string): never {
  throw new StoreError(
    "INVALID_PRICE_ROW",
    `price row ${index} (${String(row?.ticker)} ${String(row?.date)}): ${field} ${JSON.stringify(value) ?? String(value)} ${rule}; nothing was written`,
    { index, ticker: row?.ticker, date: row?.date, field, value },
  );
}

function checkRow(row: PriceRow, index: number): void {
  if (row === null || typeof row !== "object") reject(index, row, "row", row, "is not an object");
  if (typeof row.ticker !== "string" || row.ticker.length === 0 || row.ticker.trim() !== row.ticker) {
    reject(index, row, "ticker", row.ticker, "must be a non-empty string without surrounding spaces");
  }
  if (!isIsoDate(row.date)) reject(index, row, "date", row.date, "is not a valid YYYY-MM-DD date");
  if (typeof row.close !== "number" || !Number.isFinite(row.close) || row.close <= 0) {
    reject(index, row, "close", row.close, "must be a finite number > 0");
  }
  const adjusted = row.adjustedClose;
  if (adjusted !== null && (typeof adjusted !== "number" || !Number.isFinite(adjusted) || adjusted <= 0)) {
    reject(index, row, "adjustedClose", adjusted, "must be null or a finite number > 0");
  }
  const volume = row.volume;
  if (volume !== null && (typeof volume !== "number" || !Number.isFinite(volume) || volume < 0)) {
    reject(index, row, "volume", volume, "must be null or a finite number ≥ 0");
  }
}

/**
 * Validates every row, then returns them with one row per (ticker, date) — the last one given wins,
 * as a later line of an import file corrects an earlier one — sorted by ticker then date. The
 * fixed order makes concurrent imports lock rows in the same order, so they wait for each other
 * instead of deadlocking on PostgreSQL.
 */
export function preparePriceRows(rows: readonly PriceRow[]): PriceRow[] {
  rows.forEach(checkRow);
  let sorted = rows.slice();
  let inOrder = true;
  for (let i = 1; i < sorted.length && inOrder; i++) inOrder = compareKeys(sorted[i - 1], sorted[i]) <= 0;
  // Array.prototype.sort is stable, so among rows with one key the input order survives for "last wins".
  if (!inOrder) sorted = sorted.sort(compareKeys);
  const unique: PriceRow[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i + 1 < sorted.length && compareKeys(sorted[i], sorted[i + 1]) === 0) continue;
    unique.push(sorted[i]);
  }
  return unique;
}

function compareKeys(a: PriceRow, b: PriceRow): number {
  if (a.ticker !== b.ticker) return a.ticker < b.ticker ? -1 : 1;
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/** Asset rows checked for a usable ticker; the last row for a ticker wins. */
export function prepareAssetRows(assets: readonly AssetRow[]): AssetRow[] {
  const byTicker = new Map<string, AssetRow>();
  assets.forEach((asset, index) => {
    if (asset === null || typeof asset !== "object" || typeof asset.ticker !== "string" || asset.ticker.length === 0 || asset.ticker.trim() !== asset.ticker) {
      throw new StoreError("INVALID_RECORD", `asset ${index}: ticker ${JSON.stringify(asset?.ticker)} must be a non-empty string without surrounding spaces`, {
        index,
      });
    }
    byTicker.set(asset.ticker, asset);
  });
  return [...byTicker.values()];
}
