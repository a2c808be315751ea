/**
 * Dense linear algebra for the numeric core: matrix types, Cholesky, LU solves, the symmetric eigen
 * decomposition and the positive semidefinite repairs built on it. Everything is hand-written over
 * row-major `Float64Array`; modules not listed here are private to this folder.
 */
export type { Matrix, SymmetricMatrix } from "./matrix.js";
export {
  diagonal,
  identity,
  matrix,
  quadraticForm,
  symmetricFromRows,
  symmetricMatrix,
  symmetricTimesVector,
  symmetricToRows,
} from "./matrix.js";
export { SYMMETRY_RTOL, assertFiniteMatrix, assertSymmetric } from "./assert-symmetric.js";
export type { CholeskyFactor } from "./cholesky.js";
export { cholesky, choleskySolve, tryCholesky } from "./cholesky.js";
export type { SymmetricEigen } from "./eigen-symmetric.js";
export { eigenSymmetric, eigenvaluesSymmetric, minEigenvalue } from "./eigen-symmetric.js";
export type { ClipEigenvaluesOptions, ClippedEigenvalues } from "./nearest-psd.js";
export { clipEigenvalues } from "./nearest-psd.js";
export type { NearestCorrelation, NearestCorrelationOptions } from "./nearest-correlation.js";
export { nearestCorrelation } from "./nearest-correlation.js";
export type { CovarianceRepairMethod, RepairedCovariance } from "./repair-covariance.js";
export { PSD_RTOL, repairCovariance } from "./repair-covariance.js";
export { inverseSymmetric, solveLinear, solveSymmetric } from "./solve.js";
export { multiply } from "./multiply.js";
export { transpose } from "./transpose.js";
