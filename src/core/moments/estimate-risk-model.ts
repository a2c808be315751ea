/**
 * A covariance from a plain risk-model spec (see estimate-expected-returns.ts for why specs).
 * Each estimator keeps its own convention for missing returns (documented on it); the ones that need
 * complete data get the complete rows.
 */
import { InvalidInputError } from "../errors.js";
import type { Matrix, SymmetricMatrix } from "../linalg/matrix.js";
import {
  denoiseCovariance,
  detoneCovariance,
  ewmCovariance,
  gerberCovariance,
  ledoitWolf,
  oracleApproximatingShrinkage,
  sampleCovariance,
  semicovariance,
  type LedoitWolfTarget,
} from "./covariance/index.js";
import { completeRows } from "./covariance/returns-table.js";

export type RiskModelSpec =
  | { readonly kind: "sample"; readonly missing?: "pairwise" | "complete" }
  | { readonly kind: "semicovariance"; readonly benchmark?: number }
  | { readonly kind: "ewm"; readonly span?: number }
  | { readonly kind: "ledoitWolf"; readonly target?: LedoitWolfTarget; readonly missing?: "zero" | "complete" }
  | { readonly kind: "oracleApproximating"; readonly missing?: "zero" | "complete" }
  /** Marchenko–Pastur denoising of the sample covariance of the complete rows. */
  | { readonly kind: "denoised" }
  /** The sample covariance of the complete rows with its `nMarkets` largest components removed (singular). */
  | { readonly kind: "detoned"; readonly nMarkets?: number }
  | { readonly kind: "gerber"; readonly threshold?: number };

export const riskModelKinds = [
  "sample",
  "semicovariance",
  "ewm",
  "ledoitWolf",
  "oracleApproximating",
  "denoised",
  "detoned",
  "gerber",
] as const;

export interface RiskModelEstimate {
  /** Annualised covariance, assets in column order. */
  readonly covariance: SymmetricMatrix;
  /** Shrinkage intensity in [0, 1] for the shrinkage estimators; null otherwise. */
  readonly shrinkage: number | null;
  /** Return rows the estimate used. */
  readonly observations: number;
  /** How a non-PSD estimate was repaired, or null when it needed none. */
  readonly repaired: string | null;
}

/**
 * The annualised covariance of `returns` (`nObservations × nAssets`, NaN = missing) under `spec`.
 * @example estimateRiskModel(r, { kind: "ledoitWolf", target: "constantCorrelation" }, { periodsPerYear: 252 })
 */
export function estimateRiskModel(
  returns: Matrix,
  spec: RiskModelSpec,
  context: { readonly periodsPerYear: number },
): RiskModelEstimate {
  const { periodsPerYear } = context;
  switch (spec.kind) {
    case "sample": {
      const s = sampleCovariance(returns, { periodsPerYear, missing: spec.missing });
      return { covariance: s.covariance, shrinkage: null, observations: s.observations, repaired: s.repaired };
    }
    case "semicovariance": {
      const s = semicovariance(returns, { periodsPerYear, benchmark: spec.benchmark });
      return { covariance: s.covariance, shrinkage: null, observations: s.observations, repaired: null };
    }
    case "ewm": {
      const s = ewmCovariance(returns, { periodsPerYear, span: spec.span });
      return { covariance: s.covariance, shrinkage: null, observations: s.observations, repaired: s.repaired };
    }
    case "ledoitWolf": {
      const s = ledoitWolf(returns, { periodsPerYear, target: spec.target, missing: spec.missing });
      return { covariance: s.covariance, shrinkage: s.shrinkage, observations: s.observations, repaired: null };
    }
    case "oracleApproximating": {
      const s = oracleApproximatingShrinkage(returns, { periodsPerYear, missing: spec.missing });
      return { covariance: s.covariance, shrinkage: s.shrinkage, observations: s.observations, repaired: null };
    }
    case "denoised":
    case "detoned": {
      const complete = completeRows(returns);
      const sample = sampleCovariance(complete, { periodsPerYear });
      const covariance =
        spec.kind === "denoised"
          ? denoiseCovariance(sample.covariance, { nObservations: sample.observations }).covariance
          : detoneCovariance(sample.covariance, { nMarkets: spec.nMarkets }).covariance;
      return { covariance, shrinkage: null, observations: sample.observations, repaired: null };
    }
    case "gerber": {
      const s = gerberCovariance(completeRows(returns), { periodsPerYear, threshold: spec.threshold });
      return { covariance: s.covariance, shrinkage: null, observations: s.observations, repaired: s.repaired };
    }
    default:
      throw new InvalidInputError(
        `unknown risk model '${(spec as { kind?: unknown }).kind}'; expected one of ${riskModelKinds.join(", ")}`,
        { kind: (spec as { kind?: unknown }).kind },
      );
  }
}
