export { solveQuadraticProgram } from "./solve-quadratic-program.js";
export {
  validateQuadraticProgram,
  type ActiveSet,
  type BoundStatus,
  type KktResiduals,
  type QpOptions,
  type QpSolution,
  type QuadraticProgram,
  type RowStatus,
  type WarmStart,
} from "./quadratic-program.js";
