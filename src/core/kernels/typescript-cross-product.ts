/**
 * The cross-product kernel in plain TypeScript: the fallback where WebAssembly SIMD is missing, and the
 * reference the SIMD kernel is checked against bit for bit. Same blocked scheme as
 * cross-product-simd.wat (see cross-product-blocking.ts), with the 4×4 tile's sixteen accumulators held in
 * local variables so that V8 keeps them in registers.
 */
import type { Matrix } from "../linalg/matrix.js";
import { PANEL_WIDTH, paddedSize, symmetricFromUpperTiles, type CrossProductBlocking } from "./cross-product-blocking.js";

/**
 * `(X − 1·centerᵀ)ᵀ(X − 1·centerᵀ)` for `x` (`nObservations × nAssets`, row-major, rows ≥ 1): the full
 * `nAssets × nAssets` result, row-major. The caller has checked the shapes.
 */
export function typescriptCrossProduct(
  x: Matrix,
  center: ArrayLike<number>,
  blocking: CrossProductBlocking,
): Float64Array {
  const { rows, cols, data } = x;
  const padded = paddedSize(cols);
  const panels = padded / PANEL_WIDTH;
  const blockRows = Math.min(rows, blockRowsOf(blocking));
  const group = Math.max(1, Math.floor(blocking.panelGroup));
  const tiles = new Float64Array(padded * padded);
  const packed = new Float64Array(panels * blockRows * PANEL_WIDTH);
  for (let t0 = 0; t0 < rows; t0 += blockRows) {
    const kc = Math.min(blockRows, rows - t0);
    packPanels(data, t0, kc, cols, center, packed);
    const panelLength = kc * PANEL_WIDTH;
    for (let ib = 0; ib < panels; ib += group) {
      const ie = Math.min(ib + group, panels);
      for (let jp = ib; jp < panels; jp++) {
        const il = Math.min(ie, jp + 1);
        for (let ip = ib; ip < il; ip++) {
          addTile(packed, ip * panelLength, jp * panelLength, kc, tiles, ip * PANEL_WIDTH * padded + jp * PANEL_WIDTH, padded);
        }
      }
    }
  }
  return symmetricFromUpperTiles(tiles, padded, cols);
}

function blockRowsOf(blocking: CrossProductBlocking): number {
  return Math.max(1, Math.floor(blocking.blockRows));
}

/** Rows `t0 … t0+kc−1` of `data` minus `center`, into 4-column panels of `kc` rows; missing columns are 0. */
function packPanels(
  data: Float64Array,
  t0: number,
  kc: number,
  cols: number,
  center: ArrayLike<number>,
  packed: Float64Array,
): void {
  const panelLength = kc * PANEL_WIDTH;
  const padded = paddedSize(cols);
  for (let t = 0; t < kc; t++) {
    const src = (t0 + t) * cols;
    const dst = t * PANEL_WIDTH;
    for (let j = 0; j < cols; j++) {
      packed[(j >> 2) * panelLength + dst + (j & 3)] = data[src + j] - center[j];
    }
    for (let j = cols; j < padded; j++) packed[(j >> 2) * panelLength + dst + (j & 3)] = 0;
  }
}

/** `C[4×4] += AᵀB` over `kc` rows of the panels at `a` and `b`; `c` is the tile's first element. */
function addTile(
  p: Float64Array,
  a: number,
  b: number,
  kc: number,
  out: Float64Array,
  c: number,
  ldc: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  // Literal 4s, not PANEL_WIDTH: an imported binding is a memory load V8 does not fold in this loop.
  const end = a + kc * 4;
  for (; a < end; a += 4, b += 4) {
    const b0 = p[b], b1 = p[b + 1], b2 = p[b + 2], b3 = p[b + 3];
    let x = p[a];
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = p[a + 1];
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = p[a + 2];
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = p[a + 3];
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
  }
  out[c] += c00; out[c + 1] += c01; out[c + 2] += c02; out[c + 3] += c03;
  c += ldc;
  out[c] += c10; out[c + 1] += c11; out[c + 2] += c12; out[c + 3] += c13;
  c += ldc;
  out[c] += c20; out[c + 1] += c21; out[c + 2] += c22; out[c + 3] += c23;
  c += ldc;
  out[c] += c30; out[c + 1] += c31; out[c + 2] += c32; out[c + 3] += c33;
}
