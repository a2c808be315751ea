/**
 * The CLI's estimator names (kebab-case, as people type them) and the specs they stand for.
 * Shared by every command that estimates moments (`stats`, and later `optimize`, `frontier`…).
 */
import type { ExpectedReturnsSpec, RiskModelSpec } from "../core/moments/index.js";

export const returnsNames = ["mean", "arithmetic", "ema", "capm", "james-stein"] as const;
export type ReturnsName = (typeof returnsNames)[number];

export const riskNames = [
  "sample",
  "semicovariance",
  "exp-cov",
  "ledoit-wolf",
  "ledoit-wolf-single-factor",
  "ledoit-wolf-constant-correlation",
  "oas",
  "denoised",
  "detoned",
  "gerber",
] as const;
export type RiskName = (typeof riskNames)[number];

export interface EstimatorFlags {
  readonly span?: number;
  readonly riskFreeRate?: number;
  readonly benchmarkReturn?: number;
}

export function expectedReturnsSpec(name: ReturnsName, flags: EstimatorFlags): ExpectedReturnsSpec {
  switch (name) {
    case "mean":
      return { kind: "meanHistorical", compounding: true };
    case "arithmetic":
      return { kind: "meanHistorical", compounding: false };
    case "ema":
      return { kind: "ema", span: flags.span };
    case "capm":
      return { kind: "capm", riskFreeRate: flags.riskFreeRate };
    case "james-stein":
      return { kind: "jamesStein" };
  }
}

export function riskModelSpec(name: RiskName, flags: EstimatorFlags): RiskModelSpec {
  switch (name) {
    case "sample":
      return { kind: "sample" };
    case "semicovariance":
      return { kind: "semicovariance", benchmark: flags.benchmarkReturn };
    case "exp-cov":
      return { kind: "ewm", span: flags.span };
    case "ledoit-wolf":
      return { kind: "ledoitWolf", target: "constantVariance" };
    case "ledoit-wolf-single-factor":
      return { kind: "ledoitWolf", target: "singleFactor" };
    case "ledoit-wolf-constant-correlation":
      return { kind: "ledoitWolf", target: "constantCorrelation" };
    case "oas":
      return { kind: "oracleApproximating" };
    case "denoised":
      return { kind: "denoised" };
    case "detoned":
      return { kind: "detoned" };
    case "gerber":
      return { kind: "gerber" };
  }
}
