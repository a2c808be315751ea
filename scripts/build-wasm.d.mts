// Types for scripts/build-wasm.mjs, so the TypeScript test that checks the generated modules can import it.
export interface WasmModuleSpec {
  readonly source: string;
  readonly output: string;
  readonly exportName: string;
}
export declare const wasmModules: readonly WasmModuleSpec[];
export declare function assembleWat(source: string): Promise<Uint8Array>;
export declare function generatedModule(spec: WasmModuleSpec, bytes: Uint8Array): string;
