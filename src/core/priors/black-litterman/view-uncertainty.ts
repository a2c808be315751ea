/**
 * Ω, the covariance of the view errors. Two ways to set it from the prior covariance Σ:
 * - proportional (He & Litterman 1999): Ω = diag(τ·P·Σ·Pᵀ), each view as uncertain as the prior of its
 *   own portfolio;
 * - Idzorek (2005), in the closed form of Walters (2014, "The Black-Litterman Model in Detail", eqs.
 *   41 and 44): ω_k = τ·α_k·p_k·Σ·p_kᵀ with α_k = (1 − c_k)/c_k for a confidence c_k ∈ [0, 1], so
 *   c = 1 gives ω = 0 (the posterior meets the view) and c = 0 gives an "infinite" ω, written 1e6 as
 *   PyPortfolioOpt does.
 * Or the caller gives Ω itself.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import { assertSymmetric } from "../../linalg/assert-symmetric.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";

/** How Ω is chosen. */
export type ViewUncertaintySpec =
  | { readonly kind: "proportional" }
  | { readonly kind: "idzorek"; readonly confidences: ArrayLike<number> }
  /** Variances of the view errors (Ω diagonal), ≥ 0; 0 means certainty. */
  | { readonly kind: "variances"; readonly variances: ArrayLike<number> }
  /** A full `nViews × nViews` positive semidefinite Ω. */
  | { readonly kind: "matrix"; readonly omega: SymmetricMatrix };

/** ω for a view with zero confidence: large enough that the view has no visible effect (PyPortfolioOpt's choice). */
export const ZERO_CONFIDENCE_VARIANCE = 1e6;

/** `p_k·Σ·p_kᵀ` for every row of P: the prior variance of each view portfolio. */
export function viewPortfolioVariances(pick: Matrix, covariance: SymmetricMatrix): Float64Array {
  const n = covariance.size;
  const out = new Float64Array(pick.rows);
  for (let v = 0; v < pick.rows; v++) {
    const p = pick.data.subarray(v * n, (v + 1) * n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (p[i] === 0) continue;
      let row = 0;
      for (let j = 0; j < n; j++) row += covariance.data[i * n + j] * p[j];
      s += p[i] * row;
    }
    out[v] = s;
  }
  return out;
}

function diagonalMatrix(values: Float64Array): SymmetricMatrix {
  const k = values.length;
  const data = new Float64Array(k * k);
  for (let v = 0; v < k; v++) data[v * k + v] = values[v];
  return { size: k, data };
}

/**
 * Ω for the views `pick` (P, `nViews × nAssets`) under the prior covariance Σ and the scalar τ.
 *
 * @throws InvalidInputError naming the view for a confidence outside [0, 1] or a negative variance;
 *   ShapeMismatchError when the number of confidences / variances / Ω's size is not `nViews`;
 *   NonFiniteValueError for NaN.
 * @example viewUncertainty({ kind: "idzorek", confidences: [1, 0.25] }, pick, sigma, 0.05)
 */
export function viewUncertainty(
  spec: ViewUncertaintySpec,
  pick: Matrix,
  covariance: SymmetricMatrix,
  tau: number,
): SymmetricMatrix {
  const k = pick.rows;
  const checkLength = (length: number, what: string): void => {
    if (length !== k) throw new ShapeMismatchError(`${length} ${what} for ${k} views`, { [what]: length, views: k });
  };
  switch (spec.kind) {
    case "proportional": {
      const variances = viewPortfolioVariances(pick, covariance);
      return diagonalMatrix(variances.map((s) => tau * s));
    }
    case "idzorek": {
      checkLength(spec.confidences.length, "confidences");
      const variances = viewPortfolioVariances(pick, covariance);
      const omega = new Float64Array(k);
      for (let v = 0; v < k; v++) {
        const c = spec.confidences[v];
        if (Number.isNaN(c)) throw new NonFiniteValueError(`confidence of view ${v} is NaN`, { view: v });
        if (!(c >= 0 && c <= 1)) {
          throw new InvalidInputError(`confidence of view ${v} is ${c}; confidences lie in [0, 1]`, { view: v, value: c });
        }
        omega[v] = c === 0 ? ZERO_CONFIDENCE_VARIANCE : tau * ((1 - c) / c) * variances[v];
      }
      return diagonalMatrix(omega);
    }
    case "variances": {
      checkLength(spec.variances.length, "variances");
      const omega = Float64Array.from(spec.variances);
      omega.forEach((w, v) => {
        if (!Number.isFinite(w)) throw new NonFiniteValueError(`uncertainty of view ${v} is ${w}`, { view: v });
        if (w < 0) throw new InvalidInputError(`uncertainty of view ${v} is negative (${w})`, { view: v, value: w });
      });
      return diagonalMatrix(omega);
    }
    case "matrix": {
      checkLength(spec.omega.size, "omega rows");
      assertSymmetric(spec.omega, "omega");
      for (let v = 0; v < k; v++) {
        const w = spec.omega.data[v * k + v];
        if (w < 0) throw new InvalidInputError(`omega's diagonal entry for view ${v} is negative (${w})`, { view: v, value: w });
      }
      return { size: k, data: Float64Array.from(spec.omega.data) };
    }
    default:
      throw new InvalidInputError(`unknown view uncertainty kind "${String((spec as { kind: unknown }).kind)}"`);
  }
}
