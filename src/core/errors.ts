/**
 * The numeric core's error catalogue. Every error has a stable `code` that the CLI and the HTTP API
 * map to an exit code or a status (the core itself never mentions HTTP), a message that names the
 * offending value, and structured `details` (asset, row, shape…) for programs.
 */
export type CoreErrorCode =
  | "INVALID_INPUT"
  | "SHAPE_MISMATCH"
  | "NON_FINITE_VALUE"
  | "INSUFFICIENT_HISTORY"
  | "DUPLICATE_DATE"
  | "NOT_POSITIVE_DEFINITE"
  | "NOT_SYMMETRIC"
  | "SINGULAR_MATRIX"
  | "NO_CONVERGENCE"
  | "INFEASIBLE_CONSTRAINTS"
  | "UNBOUNDED_PROBLEM"
  | "CONSTRAINT_SYNTAX"
  | "TARGET_OUT_OF_RANGE"
  | "MAX_SHARPE_UNDEFINED"
  | "INSUFFICIENT_FUNDS"
  | "CANCELLED";

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: CoreErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/** An argument outside its domain: a negative span, an unknown option, weights of the wrong length. */
export class InvalidInputError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INVALID_INPUT", message, details);
  }
}

/** Two arrays that must agree in size do not. */
export class ShapeMismatchError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("SHAPE_MISMATCH", message, details);
  }
}

/** A NaN or infinity where only finite numbers make sense (a covariance, a weight, a forecast). */
export class NonFiniteValueError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("NON_FINITE_VALUE", message, details);
  }
}

/** Too few observations for an estimate (an asset with one price, a window longer than the data). */
export class InsufficientHistoryError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INSUFFICIENT_HISTORY", message, details);
  }
}

/** The same date twice in a price panel, where the caller asked for that to be an error. */
export class DuplicateDateError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("DUPLICATE_DATE", message, details);
  }
}

/** Cholesky met a pivot ≤ 0: the matrix is not positive definite (`details.pivot` says where). */
export class NotPositiveDefiniteError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("NOT_POSITIVE_DEFINITE", message, details);
  }
}

/** A matrix that must be symmetric is not (`details` gives the worst pair and the gap). */
export class NotSymmetricError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("NOT_SYMMETRIC", message, details);
  }
}

/** A linear system has no unique solution: LU met a (numerically) zero pivot (`details.column` says where). */
export class SingularMatrixError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("SINGULAR_MATRIX", message, details);
  }
}

/** An iterative method stopped at its iteration limit before meeting its tolerance. */
export class ConvergenceError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("NO_CONVERGENCE", message, details);
  }
}

/**
 * The constraints of an optimisation problem admit no point: bounds whose sum cannot reach the budget,
 * contradictory rows. `details` names the conflicting constraints and the least violation reachable.
 */
export class InfeasibleProblemError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INFEASIBLE_CONSTRAINTS", message, details);
  }
}

/** The objective decreases without limit along a feasible direction (`details.direction` gives one). */
export class UnboundedProblemError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("UNBOUNDED_PROBLEM", message, details);
  }
}

/**
 * A constraint written as text (`"Tech <= 0.3"`) that cannot be read: a typo in a name, a non-linear
 * term, a missing comparison. `details` holds `text`, the 1-based `column` of the offending token and
 * the `token` itself (and `suggestion`, the closest known name, when there is one).
 */
export class ConstraintSyntaxError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("CONSTRAINT_SYNTAX", message, details);
  }
}

/**
 * A model's target lies outside what the constraints allow: a target return above the highest
 * achievable, a target volatility or a tracking-error limit below the lowest achievable.
 * `details` has `target` and the attainable `minimum` or `maximum`.
 */
export class TargetOutOfRangeError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("TARGET_OUT_OF_RANGE", message, details);
  }
}

/**
 * The maximum Sharpe ratio is undefined or not attained: no portfolio under the constraints earns more
 * than the risk-free rate, the portfolio is market neutral (budget 0, so there is no return per unit
 * invested), or the ratio only approaches its supremum as positions grow without limit.
 * `details.reason` is "noExcessReturn", "marketNeutral" or "notAttained".
 */
export class MaxSharpeUndefinedError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("MAX_SHARPE_UNDEFINED", message, details);
  }
}

/**
 * The money to invest cannot buy even one share (or lot) of any asset it is meant to buy: a total
 * value below the cheapest targeted share price. `details` names the cheapest `asset` (index), its
 * `price`, the `lotSize` and the `value` offered.
 */
export class InsufficientFundsError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INSUFFICIENT_FUNDS", message, details);
  }
}

/** A long computation (a backtest) was stopped through its AbortSignal; `details.date` says where. */
export class BacktestCancelledError extends CoreError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("CANCELLED", message, details);
  }
}
