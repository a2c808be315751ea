/** Walks a whole report (metrics and series) and fails on any NaN, ±∞ or undefined, naming the path. */
import assert from "node:assert/strict";

export function assertFiniteReport(value: unknown, path = "report"): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    assert.ok(Number.isFinite(value), `${path} is ${value}`);
    return;
  }
  assert.notEqual(value, undefined, `${path} is undefined`);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = value as ArrayLike<unknown>;
    for (let i = 0; i < items.length; i++) assertFiniteReport(items[i], `${path}[${i}]`);
    return;
  }
  assert.equal(typeof value, "object", `${path} has type ${typeof value}`);
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) assertFiniteReport(item, `${path}.${key}`);
}
