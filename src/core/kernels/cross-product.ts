/**
 * The cross-product `XᵀX` of a complete `rows × cols` matrix: the kernel under every sample-type
 * covariance. Only the upper triangle is computed (the result is symmetric) and then mirrored.
 *
 * Two kernels compute it with the same blocked scheme (cross-product-blocking.ts, after GotoBLAS/BLIS):
 * WebAssembly SIMD (cross-product-simd.wat) where the runtime has it, plain TypeScript otherwise. They add
 * the same products in the same order, so the choice changes speed, never the result.
 */
import { InvalidInputError, ShapeMismatchError } from "../errors.js";
import type { Matrix, SymmetricMatrix } from "../linalg/matrix.js";
import { defaultCrossProductBlocking } from "./cross-product-blocking.js";
import { typescriptCrossProduct } from "./typescript-cross-product.js";
import { wasmCrossProduct, wasmCrossProductAvailable } from "./wasm-cross-product.js";

/** `"auto"`: WebAssembly SIMD when available, else TypeScript. The others force one (for tests and bench). */
export type CrossProductKernel = "auto" | "wasm" | "typescript";

let selected: CrossProductKernel = "auto";

/**
 * Chooses the kernel for every later call in this process, and returns the previous choice so a caller
 * can restore it. The result does not depend on the choice; the speed does.
 * @throws InvalidInputError for an unknown kernel, or `"wasm"` where WebAssembly SIMD is unavailable.
 * @example const previous = setCrossProductKernel("typescript"); … setCrossProductKernel(previous);
 */
export function setCrossProductKernel(kernel: CrossProductKernel): CrossProductKernel {
  if (kernel !== "auto" && kernel !== "wasm" && kernel !== "typescript") {
    throw new InvalidInputError(`unknown cross-product kernel "${String(kernel)}"`, { kernel });
  }
  if (kernel === "wasm" && !wasmCrossProductAvailable()) {
    throw new InvalidInputError("the WebAssembly SIMD cross-product kernel is not available in this runtime", {
      kernel,
    });
  }
  const previous = selected;
  selected = kernel;
  return previous;
}

/** The kernel calls will use now: `"wasm"` or `"typescript"` (what `"auto"` resolves to here). */
export function crossProductKernel(): "wasm" | "typescript" {
  if (selected === "auto") return wasmCrossProductAvailable() ? "wasm" : "typescript";
  return selected;
}

/**
 * `XᵀX` for `x` (`nObservations × nAssets`, row-major, no NaN): a `nAssets × nAssets` symmetric matrix.
 * @example crossProduct(matrix(2, 2, [1, 2, 3, 4])).data // [10, 14, 14, 20]
 */
export function crossProduct(x: Matrix): SymmetricMatrix {
  return centeredCrossProduct(x, new Float64Array(x.cols));
}

/**
 * `(X − 1·cᵀ)ᵀ(X − 1·cᵀ)` for `x` (`nObservations × nAssets`, row-major, no NaN) and `center` `c`
 * (`nAssets`): the centring is done while the kernel copies the data, so no centred copy of the returns
 * is made. With `c` the column means this is `(T − 1)` times the sample covariance; subtracting the
 * means first, rather than using `XᵀX − T·x̄x̄ᵀ`, avoids the cancellation that formula suffers when the
 * means are large next to the spread.
 * @throws ShapeMismatchError when `center` does not have one value per column.
 * @example centeredCrossProduct(matrix(2, 1, [1, 3]), [2]).data // [2]
 */
export function centeredCrossProduct(x: Matrix, center: Float64Array | readonly number[]): SymmetricMatrix {
  const { rows, cols, data } = x;
  if (center.length !== cols) {
    throw new ShapeMismatchError(`a center of ${center.length} values for a matrix of ${cols} columns`, {
      cols,
      length: center.length,
    });
  }
  if (data.length !== rows * cols) {
    throw new ShapeMismatchError(`a ${rows}×${cols} matrix needs ${rows * cols} values, got ${data.length}`, {
      rows,
      cols,
      length: data.length,
    });
  }
  if (rows === 0 || cols === 0) return { size: cols, data: new Float64Array(cols * cols) };
  const kernel = crossProductKernel();
  const result =
    (kernel === "wasm" ? wasmCrossProduct(x, center, defaultCrossProductBlocking) : undefined) ??
    typescriptCrossProduct(x, center, defaultCrossProductBlocking);
  return { size: cols, data: result };
}
