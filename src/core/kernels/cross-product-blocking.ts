/**
 * The blocked layout shared by the cross-product kernels (TypeScript and WebAssembly): the rows of X
 * are taken `blockRows` at a time and copied into 4-column panels; `C = XᵀX` is accumulated in a
 * `padded × padded` buffer (padded = nAssets rounded up to 4), 4×4 tile by 4×4 tile, upper triangle only.
 * Both kernels add the same products in the same order, so for equal blocking their results are identical.
 */

/** Performance knobs. They change speed, not results beyond rounding (and the two kernels agree exactly). */
export interface CrossProductBlocking {
  /**
   * Rows of X per block. 256 rows make a 4-column panel 8 KiB, so the panel reused by a run of tiles stays
   * in L1 (32 KiB on the EPYC Zen 4 we measured; 128 to 1024 rows were all within 4% there).
   */
  readonly blockRows: number;
  /** Panels walked together as the row of tiles sharing them: 32 panels × 8 KiB = 256 KiB, resident in L2. */
  readonly panelGroup: number;
}

export const defaultCrossProductBlocking: CrossProductBlocking = Object.freeze({ blockRows: 256, panelGroup: 32 });

/** Columns in a panel, and so the side of a tile. */
export const PANEL_WIDTH = 4;

/** `n` rounded up to a whole number of panels. */
export function paddedSize(n: number): number {
  return Math.ceil(n / PANEL_WIDTH) * PANEL_WIDTH;
}

/**
 * The full `n × n` symmetric matrix from the upper triangle of a `padded × padded` tile buffer: the
 * computed half is copied, the other half mirrored, so the result is exactly symmetric.
 */
export function symmetricFromUpperTiles(tiles: Float64Array, padded: number, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out.set(tiles.subarray(i * padded + i, i * padded + n), i * n + i);
  // Mirror by square blocks so that both the rows read and the columns written stay in cache.
  const B = 64;
  for (let ib = 0; ib < n; ib += B) {
    for (let jb = 0; jb <= ib; jb += B) {
      const iEnd = Math.min(ib + B, n);
      for (let i = ib; i < iEnd; i++) {
        const jEnd = Math.min(jb + B, i);
        for (let j = jb; j < jEnd; j++) out[i * n + j] = out[j * n + i];
      }
    }
  }
  return out;
}
