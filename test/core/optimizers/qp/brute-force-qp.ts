/**
 * The slow, obvious solver the active-set code is checked against (STYLE.md: keep a naive version in
 * the test). For a strictly convex QP the minimiser is the solution of the equality-constrained KKT
 * system of *some* independent subset of its active constraints, so trying every assignment of
 * {inactive, at lower side, at upper side} to every bound and row, solving each KKT system by Gaussian
 * elimination and keeping the best feasible point finds it. Exponential: meant for n + m ≤ 7.
 */
export interface SmallQp {
  n: number;
  P: number[][];
  q: number[];
  A: number[][];
  b: number[];
  C: number[][];
  lower: number[];
  upper: number[];
  lb: number[];
  ub: number[];
}

/** Solves M·z = r by Gaussian elimination with partial pivoting; null when (nearly) singular. */
function gaussianSolve(M: number[][], r: number[]): number[] | null {
  const m = r.length;
  const a = M.map((row, i) => [...row, r[i]]);
  const scale = Math.max(1e-300, ...M.flat().map(Math.abs));
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let i = col + 1; i < m; i++) if (Math.abs(a[i][col]) > Math.abs(a[piv][col])) piv = i;
    if (Math.abs(a[piv][col]) < 1e-11 * scale) return null;
    [a[col], a[piv]] = [a[piv], a[col]];
    for (let i = col + 1; i < m; i++) {
      const f = a[i][col] / a[col][col];
      for (let j = col; j <= m; j++) a[i][j] -= f * a[col][j];
    }
  }
  const z = new Array<number>(m).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    let s = a[i][m];
    for (let j = i + 1; j < m; j++) s -= a[i][j] * z[j];
    z[i] = s / a[i][i];
  }
  return z;
}

export function objectiveOf(qp: SmallQp, x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < qp.n; i++) {
    f += qp.q[i] * x[i];
    for (let j = 0; j < qp.n; j++) f += 0.5 * x[i] * qp.P[i][j] * x[j];
  }
  return f;
}

/** Largest violation of any constraint at x. */
export function violationOf(qp: SmallQp, x: ArrayLike<number>): number {
  const dot = (row: number[]) => row.reduce((s, v, j) => s + v * x[j], 0);
  let worst = 0;
  qp.A.forEach((row, i) => (worst = Math.max(worst, Math.abs(dot(row) - qp.b[i]))));
  qp.C.forEach((row, i) => (worst = Math.max(worst, qp.lower[i] - dot(row), dot(row) - qp.upper[i])));
  for (let j = 0; j < qp.n; j++) worst = Math.max(worst, qp.lb[j] - x[j], x[j] - qp.ub[j]);
  return worst;
}

export function bruteForceQp(qp: SmallQp): { x: number[]; objective: number } | null {
  const { n } = qp;
  // Candidate constraints: (normal, [lower, upper]).
  const candidates: { normal: number[]; sides: number[] }[] = [];
  qp.C.forEach((row, i) => candidates.push({ normal: row, sides: [qp.lower[i], qp.upper[i]] }));
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    candidates.push({ normal: e, sides: [qp.lb[j], qp.ub[j]] });
  }
  const independentA = independentRows(qp.A, qp.b);
  let best: { x: number[]; objective: number } | null = null;
  const choice = new Array<number>(candidates.length).fill(0);
  const total = 3 ** candidates.length;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let t = 0; t < candidates.length; t++) {
      choice[t] = c % 3;
      c = Math.floor(c / 3);
    }
    const normals = [...independentA.rows];
    const rhs = [...independentA.rhs];
    let valid = true;
    candidates.forEach((cand, t) => {
      if (choice[t] === 0) return;
      const side = cand.sides[choice[t] - 1];
      if (!Number.isFinite(side)) valid = false;
      normals.push(cand.normal);
      rhs.push(side);
    });
    if (!valid || normals.length > n) continue;
    const m = normals.length;
    const K: number[][] = [];
    for (let i = 0; i < n; i++) K.push([...qp.P[i], ...normals.map((row) => row[i])]);
    for (let r = 0; r < m; r++) K.push([...normals[r], ...new Array<number>(m).fill(0)]);
    const z = gaussianSolve(K, [...qp.q.map((v) => -v), ...rhs]);
    if (z === null) continue;
    const x = z.slice(0, n);
    if (violationOf(qp, x) > 1e-9) continue;
    const objective = objectiveOf(qp, x);
    if (best === null || objective < best.objective) best = { x, objective };
  }
  return best;
}

/** Drops equality rows that are combinations of earlier ones (Gram–Schmidt), so KKT systems stay square. */
function independentRows(A: number[][], b: number[]): { rows: number[][]; rhs: number[] } {
  const basis: number[][] = [];
  const rows: number[][] = [];
  const rhs: number[] = [];
  A.forEach((row, i) => {
    const r = [...row];
    for (const u of basis) {
      const c = u.reduce((s, v, j) => s + v * r[j], 0);
      u.forEach((v, j) => (r[j] -= c * v));
    }
    const norm = Math.hypot(...r);
    if (norm <= 1e-10 * Math.max(1e-300, Math.hypot(...row))) return;
    basis.push(r.map((v) => v / norm));
    rows.push(row);
    rhs.push(b[i]);
  });
  return { rows, rhs };
}
