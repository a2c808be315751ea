/** Runs `run`, asserts it throws a `CoreError` with `code` (and `message` exactly, when given). */
import assert from "node:assert/strict";
import { CoreError } from "../../../../src/core/errors.js";

export function expectCoreError(run: () => unknown, code: string, message?: string): CoreError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CoreError, `expected a CoreError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message !== undefined) assert.equal(error.message, message);
    return error;
  }
  assert.fail(`expected ${code}${message === undefined ? "" : ` "${message}"`}, but nothing was thrown`);
}
