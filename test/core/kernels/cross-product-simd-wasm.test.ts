import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { assembleWat, wasmModules } from "../../../scripts/build-wasm.mjs";
import { crossProductSimdWasm } from "../../../src/core/kernels/cross-product-simd.wasm.js";
import { projectPath } from "../../support/reference.js";

const generated: Record<string, string> = { crossProductSimdWasm };

for (const spec of wasmModules) {
  test(`${spec.output} holds exactly the bytes of ${spec.source} (run node scripts/build-wasm.mjs if not)`, async () => {
    const fresh = await assembleWat(spec.source);
    const base64 = generated[spec.exportName];
    assert.ok(base64 !== undefined, `this test does not import ${spec.exportName}`);
    assert.deepEqual(new Uint8Array(Buffer.from(base64, "base64")), fresh);
    assert.match(readFileSync(projectPath(spec.output), "utf8"), new RegExp(`^// GENERATED .* from ${spec.source}`));
  });
}
