/**
 * The cross-product kernel on WebAssembly SIMD (f64x2): cross-product-simd.wat, assembled into
 * cross-product-simd.wasm.ts. The module is compiled once, synchronously (it is under 1 KiB), on first use;
 * it brings its own memory, which grows to fit the largest problem and is let go after a problem that
 * needed more than `RETAINED_BYTES`, so a one-off large call does not pin memory for the process's life.
 */
import type { Matrix } from "../linalg/matrix.js";
import { PANEL_WIDTH, paddedSize, symmetricFromUpperTiles, type CrossProductBlocking } from "./cross-product-blocking.js";
import { crossProductSimdWasm } from "./cross-product-simd.wasm.js";

// Typed here rather than through lib.dom: core is compiled without DOM types, and reaching the global
// through globalThis doubles as the check that this runtime has WebAssembly at all.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface SimdExports {
  readonly memory: WasmMemory;
  pack(src: number, rows: number, cols: number, center: number, dst: number): void;
  update(packed: number, panels: number, rows: number, tiles: number, rowBytes: number, group: number): void;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

const PAGE_BYTES = 65536;
/** Memory kept between calls: enough for 2,000 assets (32 MB of tiles + 8 MB of blocks). */
const RETAINED_BYTES = 64 * 1024 * 1024;
/** Largest layout attempted: addresses are i32 and the kernel's arithmetic on them must not overflow. */
const MAX_BYTES = 2 ** 31 - PAGE_BYTES;

let compiled: object | null | undefined; // undefined: not tried yet; null: unavailable here
let instance: SimdExports | undefined;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function compiledModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return compiled;
  try {
    const bytes = decodeBase64(crossProductSimdWasm);
    // validate() is false where the engine lacks SIMD: that is the feature test.
    if (wasm.validate(bytes)) compiled = new wasm.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether this runtime can run the SIMD kernel (decided once). */
export function wasmCrossProductAvailable(): boolean {
  return compiledModule() !== null;
}

function exportsWithMemory(bytes: number): SimdExports | undefined {
  const module = compiledModule();
  if (module === null || bytes > MAX_BYTES) return undefined;
  if (instance === undefined) {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly as WasmApi;
    instance = new wasm.Instance(module, {}).exports as SimdExports;
  }
  const have = instance.memory.buffer.byteLength;
  if (have < bytes) {
    try {
      instance.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
    } catch {
      instance = undefined; // out of memory: leave it to the caller's fallback
      return undefined;
    }
  }
  return instance;
}

/**
 * `(X − 1·centerᵀ)ᵀ(X − 1·centerᵀ)` as typescriptCrossProduct computes it (same blocking, same bits), or
 * `undefined` when WebAssembly SIMD is unavailable or the problem does not fit its memory.
 */
export function wasmCrossProduct(
  x: Matrix,
  center: ArrayLike<number>,
  blocking: CrossProductBlocking,
): Float64Array | undefined {
  const { rows, cols, data } = x;
  const padded = paddedSize(cols);
  const panels = padded / PANEL_WIDTH;
  const blockRows = Math.min(rows, Math.max(1, Math.floor(blocking.blockRows)));
  const group = Math.max(1, Math.floor(blocking.panelGroup));
  // Byte layout: tiles (padded²) | center (padded) | block of rows as given (blockRows·cols) | panels.
  const tilesAt = 0;
  const centerAt = tilesAt + padded * padded * 8;
  const blockAt = centerAt + padded * 8;
  const packedAt = blockAt + Math.ceil((blockRows * cols) / 2) * 16;
  const bytes = packedAt + panels * blockRows * PANEL_WIDTH * 8;
  const kernel = exportsWithMemory(bytes);
  if (kernel === undefined) return undefined;

  const memory = new Float64Array(kernel.memory.buffer);
  memory.fill(0, tilesAt / 8, blockAt / 8);
  for (let j = 0; j < cols; j++) memory[centerAt / 8 + j] = center[j];
  for (let t0 = 0; t0 < rows; t0 += blockRows) {
    const kc = Math.min(blockRows, rows - t0);
    memory.set(data.subarray(t0 * cols, (t0 + kc) * cols), blockAt / 8);
    kernel.pack(blockAt, kc, cols, centerAt, packedAt);
    kernel.update(packedAt, panels, kc, tilesAt, padded * 8, group);
  }
  const result = symmetricFromUpperTiles(memory.subarray(tilesAt / 8, centerAt / 8), padded, cols);
  if (kernel.memory.buffer.byteLength > RETAINED_BYTES) instance = undefined;
  return result;
}
