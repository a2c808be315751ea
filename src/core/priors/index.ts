/**
 * Priors: views of expected returns and covariance formed before (or instead of) a pure estimate,
 * grouped as skfolio groups its prior estimators. Today: Black-Litterman.
 */
export * from "./black-litterman/index.js";
