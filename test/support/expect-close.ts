/**
 * `expectClose(actual, expected, { rtol, atol })`: element-wise |a − e| ≤ atol + rtol·|e|, the rule of
 * numpy's `assert_allclose`. The failure message names the index, both values, the gap and the
 * tolerance. There is no default tolerance: every call says what it accepts.
 */
import assert from "node:assert/strict";

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

type Numbers = number | ArrayLike<number> | readonly (readonly number[])[];

function flatten(x: Numbers): number[] {
  if (typeof x === "number") return [x];
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = (x as ArrayLike<unknown>)[i];
    if (typeof v === "number") out.push(v);
    else out.push(...flatten(v as Numbers));
  }
  return out;
}

export function expectClose(actual: Numbers, expected: Numbers, tol: Tolerance, label = "value"): void {
  const a = flatten(actual);
  const e = flatten(expected);
  assert.equal(a.length, e.length, `${label}: length ${a.length}, expected ${e.length}`);
  for (let i = 0; i < e.length; i++) {
    const delta = Math.abs(a[i] - e[i]);
    const allowed = tol.atol + tol.rtol * Math.abs(e[i]);
    if (!(delta <= allowed)) {
      assert.fail(
        `${label}[${i}]: actual ${a[i]}, expected ${e[i]}, |delta| ${delta.toExponential(3)} > ` +
          `atol ${tol.atol} + rtol ${tol.rtol}·|expected| = ${allowed.toExponential(3)}`,
      );
    }
  }
}
