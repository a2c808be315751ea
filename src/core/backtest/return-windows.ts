/**
 * The estimation windows of a walk-forward backtest. Returns are computed once for the whole panel
 * (rᵢ,ₛ = Pᵢ,ₛ / Pᵢ,ₛ₋₁ − 1, missing when either price is), and each rebalance row t reads the rows
 * strictly before t — the return into t's close is never seen by the strategy that trades at it.
 * Windows are shared: strategies with the same window settings at the same date get the same object.
 */
import type { Matrix } from "../linalg/matrix.js";
import type { PricePanel } from "../returns/price-panel.js";
import type { WindowKind } from "./backtest-input.js";

export interface WindowSettings {
  /** Return rows in a rolling window; 0 = the strategy needs no history. */
  readonly lookback: number;
  readonly kind: WindowKind;
  /** Finite returns an asset needs in the window to be eligible. */
  readonly minHistory: number;
}

export interface ReturnWindow {
  readonly assets: readonly number[];
  readonly tickers: readonly string[];
  /** `rows × assets.length`, the rows before the rebalance row. */
  readonly returns: Matrix;
  readonly key: string;
  /** `windowSettingsKey` of the settings. */
  readonly id: string;
  /** Panel row of the first return row. */
  readonly firstRow: number;
}

export function windowSettingsKey(settings: WindowSettings): string {
  return `${settings.kind}:${settings.lookback}:${settings.minHistory}`;
}

/** Return rows available before row t: return row s (1 ≤ s < t) is the return into price row s. */
export function windowRows(settings: WindowSettings, row: number): { readonly first: number; readonly end: number } {
  if (settings.lookback === 0) return { first: row, end: row };
  const first = settings.kind === "expanding" ? 1 : Math.max(1, row - settings.lookback);
  return { first, end: row };
}

/** The earliest row at which a window can hold `minHistory` return rows. */
export function firstRowWithHistory(settings: WindowSettings): number {
  return settings.lookback === 0 ? 0 : settings.minHistory + 1;
}

export class ReturnWindows {
  private readonly panel: PricePanel;
  private readonly returns: Float64Array;
  /** finiteBefore[s·N + j]: finite returns of asset j in return rows < s. */
  private readonly finiteBefore: Int32Array;
  private cacheRow = -1;
  private readonly cache = new Map<string, ReturnWindow>();

  constructor(panel: PricePanel) {
    this.panel = panel;
    const { rows, cols, data } = panel.prices;
    this.returns = new Float64Array(rows * cols).fill(NaN);
    this.finiteBefore = new Int32Array((rows + 1) * cols);
    for (let s = 0; s < rows; s++) {
      for (let j = 0; j < cols; j++) {
        const k = s * cols + j;
        const r = s === 0 ? NaN : data[k] / data[k - cols] - 1;
        this.returns[k] = r;
        this.finiteBefore[k + cols] = this.finiteBefore[k] + (Number.isNaN(r) ? 0 : 1);
      }
    }
  }

  /** Whether asset j has a price on row t. */
  priced(row: number, column: number): boolean {
    return !Number.isNaN(this.panel.prices.data[row * this.panel.prices.cols + column]);
  }

  /** The eligible assets and their window at row t under `settings` (memoised for the current row). */
  at(row: number, settings: WindowSettings): ReturnWindow {
    if (row !== this.cacheRow) {
      this.cache.clear();
      this.cacheRow = row;
    }
    const key = windowSettingsKey(settings);
    let window = this.cache.get(key);
    if (window === undefined) {
      window = this.build(row, settings, key);
      this.cache.set(key, window);
    }
    return window;
  }

  private build(row: number, settings: WindowSettings, key: string): ReturnWindow {
    const cols = this.panel.prices.cols;
    const { first, end } = windowRows(settings, row);
    const assets: number[] = [];
    for (let j = 0; j < cols; j++) {
      if (!this.priced(row, j)) continue;
      if (settings.lookback > 0) {
        const count = this.finiteBefore[end * cols + j] - this.finiteBefore[first * cols + j];
        if (count < settings.minHistory) continue;
      }
      assets.push(j);
    }
    const n = assets.length;
    const rows = end - first;
    const data = new Float64Array(rows * n);
    for (let s = 0; s < rows; s++) {
      const source = (first + s) * cols;
      const target = s * n;
      for (let a = 0; a < n; a++) data[target + a] = this.returns[source + assets[a]];
    }
    return Object.freeze({
      assets: Object.freeze(assets),
      tickers: Object.freeze(assets.map((j) => this.panel.tickers[j])),
      returns: Object.freeze({ rows, cols: n, data }),
      key: `${key}@${row}`,
      id: key,
      firstRow: first,
    });
  }
}
