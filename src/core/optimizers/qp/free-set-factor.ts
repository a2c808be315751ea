/**
 * The Cholesky factor `L·Lᵀ = H_FF` of the Hessian restricted to the free variables, kept up to date as
 * variables enter and leave the free set instead of being refactorised: a variable entering costs one
 * triangular solve (bordering, O(k²)); a variable leaving deletes a row and column of `L` and repairs the
 * trailing block with a rank-one update (O(k²)), the method of Gill, Golub, Murray & Saunders (1974),
 * "Methods for modifying matrix factorizations", Math. Comp. 28, §3 (as LINPACK's `dchud` does it).
 *
 * Storage: lower triangle, row-major with a row stride equal to the capacity, grown by doubling.
 */
export class FreeSetFactor {
  size = 0;
  private capacity: number;
  private L: Float64Array;
  private readonly maxCapacity: number;

  constructor(maxSize: number) {
    this.maxCapacity = Math.max(1, maxSize);
    this.capacity = Math.min(this.maxCapacity, 64);
    this.L = new Float64Array(this.capacity * this.capacity);
  }

  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const next = Math.min(this.maxCapacity, this.capacity * 2);
    const L = new Float64Array(next * next);
    for (let i = 0; i < this.size; i++) {
      for (let j = 0; j <= i; j++) L[i * next + j] = this.L[i * this.capacity + j];
    }
    this.L = L;
    this.capacity = next;
  }

  /**
   * Borders the factor with a new last row and column: `column` holds `H_{F,j}` (length `size`) and is
   * overwritten with `L⁻¹·H_{F,j}`. Returns the squared pivot `d = H_jj − ‖L⁻¹H_{F,j}‖²`; the factor is
   * extended only when `d > minPivot` (the caller decides what a numerically singular pivot is).
   */
  append(column: Float64Array, diagonal: number, minPivot: number): number {
    const k = this.size;
    this.forward(column, k);
    let d = diagonal;
    for (let t = 0; t < k; t++) d -= column[t] * column[t];
    if (!(d > minPivot)) return d;
    if (k === this.capacity) this.grow();
    const c = this.capacity;
    for (let t = 0; t < k; t++) this.L[k * c + t] = column[t];
    this.L[k * c + k] = Math.sqrt(d);
    this.size = k + 1;
    return d;
  }

  /** Deletes row and column `position` (a variable leaving the free set). */
  remove(position: number): void {
    const k = this.size;
    const c = this.capacity;
    const L = this.L;
    // The deleted column below the diagonal, v, re-enters the trailing block as L₂₂L₂₂ᵀ + v·vᵀ.
    const m = k - position - 1;
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = L[(position + 1 + i) * c + position];
    for (let i = position + 1; i < k; i++) {
      const src = i * c;
      const dst = (i - 1) * c;
      for (let j = 0; j < position; j++) L[dst + j] = L[src + j];
      for (let j = position + 1; j <= i; j++) L[dst + j - 1] = L[src + j];
    }
    this.size = k - 1;
    // Rank-one update of the trailing m×m block, starting at (position, position).
    for (let jj = 0; jj < m; jj++) {
      const j = position + jj;
      const ljj = L[j * c + j];
      const r = Math.hypot(ljj, v[jj]);
      const cos = r / ljj;
      const sin = v[jj] / ljj;
      L[j * c + j] = r;
      for (let ii = jj + 1; ii < m; ii++) {
        const i = position + ii;
        const lij = (L[i * c + j] + sin * v[ii]) / cos;
        L[i * c + j] = lij;
        v[ii] = cos * v[ii] - sin * lij;
      }
    }
  }

  /**
   * max Lᵢᵢ / min Lᵢᵢ: a cheap lower bound on the condition number of L (so its square bounds that of
   * H_FF from below), 1 when empty.
   */
  diagonalRatio(): number {
    const c = this.capacity;
    let lo = Infinity;
    let hi = 0;
    for (let i = 0; i < this.size; i++) {
      const d = this.L[i * c + i];
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    return this.size === 0 ? 1 : hi / lo;
  }

  /**
   * Solves `L·y = b` in place over the `count` entries (count ≤ size) of `b` from `offset`. Entries of
   * b before `start` must be 0 (they stay 0): a sparse row of constraints costs (count² − start²)/2.
   */
  forward(b: Float64Array, count = this.size, offset = 0, start = 0): void {
    const c = this.capacity;
    const L = this.L;
    for (let i = start; i < count; i++) {
      let s = b[offset + i];
      const row = i * c;
      for (let j = start; j < i; j++) s -= L[row + j] * b[offset + j];
      b[offset + i] = s / L[row + i];
    }
  }

  /** Solves `Lᵀ·x = y` in place. */
  backward(y: Float64Array): void {
    const c = this.capacity;
    const L = this.L;
    for (let i = this.size - 1; i >= 0; i--) {
      const s = y[i] / L[i * c + i];
      y[i] = s;
      // Column-oriented: subtract s·L[i, 0..i-1] from the entries above, reading row i contiguously.
      const row = i * c;
      for (let j = 0; j < i; j++) y[j] -= L[row + j] * s;
    }
  }
}
