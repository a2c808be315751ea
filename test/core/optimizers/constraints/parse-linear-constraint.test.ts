/**
 * The constraint parser on every written form, on every error (with the column and token it points
 * at), and as a property: random linear expressions printed to text parse back to the coefficients
 * and bounds they were printed from.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileConstraints, parseLinearConstraint } from "../../../../src/core/optimizers/constraints/index.js";
import { ConstraintSyntaxError } from "../../../../src/core/errors.js";
import { expectClose } from "../../../support/expect-close.js";
import { expectCoreError } from "./expect-core-error.js";

const tickers = ["AAPL", "MSFT", "GOOG", "XOM", "SPY", "AGG", "BRK-B"];
const groups = [
  { name: "Tech", members: [0, 1, 2] },
  { name: "Energy", members: [3] },
  { name: "Equity", members: [0, 1, 2, 3, 4] },
  { name: "Bonds", members: [5] },
];
const universe = { tickers, groups };

// Coefficients and bounds come from a handful of decimal operations on the written numbers.
const PARSED = { rtol: 1e-15, atol: 1e-15 };

/** Expected coefficients from a sparse { ticker: coefficient } map. */
const coefficients = (terms: Record<string, number>) => tickers.map((t) => terms[t] ?? 0);

const forms: [string, Record<string, number>, number, number][] = [
  ["Tech <= 0.3", { AAPL: 1, MSFT: 1, GOOG: 1 }, -Infinity, 0.3],
  ["Equity >= 2 * Bonds", { AAPL: 1, MSFT: 1, GOOG: 1, XOM: 1, SPY: 1, AGG: -2 }, 0, Infinity],
  ["AAPL + MSFT <= 0.25", { AAPL: 1, MSFT: 1 }, -Infinity, 0.25],
  ["0.1 <= AAPL <= 0.2", { AAPL: 1 }, 0.1, 0.2],
  ["0.2 >= AAPL >= 0.1", { AAPL: 1 }, 0.1, 0.2],
  ["AAPL - 0.5*MSFT == 0", { AAPL: 1, MSFT: -0.5 }, 0, 0],
  ["AAPL - 0.5*MSFT = 0", { AAPL: 1, MSFT: -0.5 }, 0, 0],
  ["-AAPL >= -0.2", { AAPL: -1 }, -0.2, Infinity],
  ["2.5e-1 >= GOOG", { GOOG: 1 }, -Infinity, 0.25],
  ["XOM <= 10%", { XOM: 1 }, -Infinity, 0.1],
  ["0.05 <= Energy", { XOM: 1 }, 0.05, Infinity],
  ["AAPL + AAPL <= 0.5", { AAPL: 2 }, -Infinity, 0.5],
  ["2 * (AAPL + MSFT) <= 0.5", { AAPL: 2, MSFT: 2 }, -Infinity, 0.5],
  ["(AAPL + MSFT) * 2 - MSFT <= 0.5", { AAPL: 2, MSFT: 1 }, -Infinity, 0.5],
  ["AAPL / 4 <= 0.1", { AAPL: 0.25 }, -Infinity, 0.1],
  ["AAPL + 0.1 <= MSFT + 0.3", { AAPL: 1, MSFT: -1 }, -Infinity, 0.19999999999999998],
  ["Tech - AAPL <= 40%", { MSFT: 1, GOOG: 1 }, -Infinity, 0.4],
  ["-(AAPL - MSFT) >= -0.1", { AAPL: -1, MSFT: 1 }, -0.1, Infinity],
  ["--AAPL <= .5", { AAPL: 1 }, -Infinity, 0.5],
  ['"BRK-B" <= 5%', { "BRK-B": 1 }, -Infinity, 0.05],
  ["AAPL ≤ 0.3", { AAPL: 1 }, -Infinity, 0.3],
  ["AAPL − MSFT ≥ 0", { AAPL: 1, MSFT: -1 }, 0, Infinity],
  ["  AAPL<=0.3  ", { AAPL: 1 }, -Infinity, 0.3],
];

for (const [text, terms, lower, upper] of forms) {
  test(`parses ${JSON.stringify(text)}`, () => {
    const c = parseLinearConstraint(text, universe);
    expectClose(c.coefficients, coefficients(terms), PARSED, "coefficients");
    assert.equal(c.lower, lower);
    assert.equal(c.upper, upper);
    assert.equal(c.label, text.trim());
  });
}

test("a name that is both a ticker and a group must be disambiguated", () => {
  const both = { tickers: ["Tech", "MSFT"], groups: [{ name: "Tech", members: [0, 1] }] };
  const error = expectCoreError(
    () => parseLinearConstraint("Tech <= 0.3", both),
    "CONSTRAINT_SYNTAX",
    `constraint "Tech <= 0.3": 'Tech' is both a ticker and a group at column 1; write ticker:Tech or group:Tech`,
  );
  assert.deepEqual(error.details, { text: "Tech <= 0.3", column: 1, token: "Tech" });
  assert.deepEqual(Array.from(parseLinearConstraint("ticker:Tech <= 0.3", both).coefficients), [1, 0]);
  assert.deepEqual(Array.from(parseLinearConstraint("group:Tech <= 0.3", both).coefficients), [1, 1]);
  assert.deepEqual(Array.from(parseLinearConstraint("group:'Tech' - ticker:MSFT <= 0.3", both).coefficients), [1, 0]);
});

// [text, column, token, message after `constraint "<text>": `]
const errors: [string, number, string, string][] = [
  ["AAPL + MSFTT <= 0.25", 8, "MSFTT", "unknown ticker or group 'MSFTT' at column 8; did you mean 'MSFT'?"],
  ["aapl <= 0.1", 1, "aapl", "unknown ticker or group 'aapl' at column 1; did you mean 'AAPL'?"],
  ["ZZZZZZ <= 0.1", 1, "ZZZZZZ", "unknown ticker or group 'ZZZZZZ' at column 1"],
  ["group:AAPL <= 0.1", 1, "group:AAPL", "unknown group 'AAPL' at column 1"],
  ["AAPL * MSFT <= 0.1", 8, "MSFT", "'MSFT' multiplies a weight at column 8; a product of weights is not linear"],
  ["(AAPL + 1) * (MSFT + 1) <= 2", 15, "MSFT", "'MSFT' multiplies a weight at column 15; a product of weights is not linear"],
  ["1 / AAPL <= 2", 5, "AAPL", "division by 'AAPL' at column 5; dividing by a weight is not linear"],
  ["AAPL / 0 <= 2", 6, "/", "division by zero at column 6"],
  ["AAPL + MSFT", 12, "", "missing comparison at column 12; expected '<=', '>=' or '=' before the end of the text"],
  ["0.1 <= AAPL >= 0.2", 13, ">=", "'>=' after '<=' at column 13; a range needs two comparisons in the same direction"],
  ["0.1 <= AAPL = 0.2", 13, "=", "'=' in a range at column 13; a range uses '<=' twice or '>=' twice"],
  ["0 <= AAPL <= 1 <= 2", 16, "<=", "a third comparison '<=' at column 16; at most a range 'lower <= expression <= upper'"],
  ["AAPL <= 0.1 <= 0.3", 1, "AAPL", "'AAPL' outside the middle of a range at column 1; write 'lower <= expression <= upper' with numbers outside"],
  ["", 1, "", "empty constraint at column 1; write one such as 'Tech <= 0.3'"],
  ["   ", 1, "", "empty constraint at column 1; write one such as 'Tech <= 0.3'"],
  ["AAPL < 0.2", 6, "<", "strict '<' at column 6; write '<=' (on continuous weights a strict limit is the same optimum)"],
  ["AAPL & MSFT <= 1", 6, "&", "unexpected character '&' at column 6"],
  ["AAPL MSFT <= 1", 6, "MSFT", "unexpected 'MSFT' at column 6; expected '+', '-', '*', '/' or a comparison"],
  ["(AAPL + MSFT <= 1", 14, "<=", "unexpected '<=' at column 14; the '(' at column 1 is never closed"],
  ["AAPL <= (1", 11, "", "end of text at column 11; the '(' at column 9 is never closed"],
  ["AAPL) <= 1", 5, ")", "unmatched ')' at column 5"],
  ["AAPL <=", 8, "", "end of text at column 8; a number or a name is missing"],
  ["AAPL <= * 2", 9, "*", "unexpected '*' at column 9; expected a number or a name"],
  ["AAPL <= )", 9, ")", "unexpected ')' at column 9; expected a number or a name"],
  ["AAPL - AAPL <= 0.1", 13, "<=", "no weight in the constraint at column 13; its names are missing or cancel out"],
  ["0.1 <= 0.2", 5, "<=", "no weight in the constraint at column 5; its names are missing or cancel out"],
  ["AAPL <= 1e999", 9, "1e999", "number '1e999' out of range at column 9; weights and limits are decimals such as 0.25 or 25%"],
  ["AAPL <= % 5", 9, "%", "stray '%' at column 9; '%' must follow a number directly, as in 10%"],
  ['"BRK-B <= 0.1', 1, '"BRK-B <= 0.1', `unterminated quoted name at column 1; close it with "`],
  ["'' <= 0.1", 1, "''", "empty quoted name at column 1"],
  ["ticker: <= 0.1", 8, " ", "no name after 'ticker:' at column 8; write ticker:NAME"],
];

for (const [text, column, token, rest] of errors) {
  test(`error: ${JSON.stringify(text)} at column ${column}`, () => {
    const error = expectCoreError(() => parseLinearConstraint(text, universe), "CONSTRAINT_SYNTAX", `constraint ${JSON.stringify(text)}: ${rest}`);
    assert.ok(error instanceof ConstraintSyntaxError);
    assert.equal(error.details.text, text);
    assert.equal(error.details.column, column);
    assert.equal(error.details.token, token);
    assert.ok(!error.message.includes("\n"), "one line");
  });
}

test("an unknown name's suggestion is in the details; a multi-line text still gives one line", () => {
  const error = expectCoreError(() => parseLinearConstraint("AAPL + MSFTT <= 0.25", universe), "CONSTRAINT_SYNTAX");
  assert.equal(error.details.suggestion, "MSFT");
  const multiline = expectCoreError(() => parseLinearConstraint("AAPL +\nFOO <= 1", universe), "CONSTRAINT_SYNTAX");
  assert.equal(multiline.message, `constraint "AAPL +\\nFOO <= 1": unknown ticker or group 'FOO' at column 8`);
});

test("an inconsistent universe is the caller's error, not a syntax error", () => {
  expectCoreError(() => parseLinearConstraint("A <= 1", { tickers: ["A", "A"] }), "INVALID_INPUT", "the universe lists ticker A twice (columns 0 and 1)");
  expectCoreError(
    () => parseLinearConstraint("A <= 1", { tickers: ["A"], groups: [{ name: "G", members: [3] }] }),
    "INVALID_INPUT",
    "group G lists asset 3, but the assets are columns 0 to 0",
  );
});

test("parsed constraints compile with their text as the row label", () => {
  const linear = ["Tech <= 0.5", "AAPL - 0.5*MSFT = 0"].map((t) => parseLinearConstraint(t, universe));
  const compiled = compileConstraints({ linear }, tickers.length);
  assert.deepEqual(compiled.equalities.labels, ["budget", "AAPL - 0.5*MSFT = 0"]);
  assert.deepEqual(compiled.inequalities.labels, ["Tech <= 0.5"]);
});

// ---- Property: print random linear constraints, parse them back. ----

const names = [...tickers.filter((t) => t !== "BRK-B"), ...groups.map((g) => g.name)];
const memberOf = (name: string): number[] => groups.find((g) => g.name === name)?.members ?? [tickers.indexOf(name)];

interface Term {
  readonly coefficient: number;
  readonly name: string;
  readonly style: number;
}

// Coefficients on a 1/100 grid and constants as whole percents or 1/1000 decimals: printed exactly.
const term = fc.record({
  coefficient: fc.integer({ min: -500, max: 500 }).filter((v) => v !== 0).map((v) => v / 100),
  name: fc.constantFrom(...names),
  style: fc.integer({ min: 0, max: 5 }),
});
const constant = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map((v) => ({ value: v / 1000, text: String(v / 1000) })),
  fc.integer({ min: -200, max: 200 }).map((v) => ({ value: v / 100, text: `${v}%` })),
);
const side = fc.record({ terms: fc.array(term, { maxLength: 4 }), constant: fc.option(constant) });

function printTerm({ coefficient, name, style }: Term): string {
  const c = Math.abs(coefficient);
  switch (style) {
    case 0:
      return `${c}*${name}`;
    case 1:
      return `${c} * ${name}`;
    case 2:
      return `${name} * ${c}`;
    case 3:
      return c === 1 ? name : `${c}*${name}`;
    case 4:
      return `(${c} * ${name})`;
    default:
      // Halving then doubling is exact in binary floating point.
      return `2 * (${c / 2}*${name})`;
  }
}

function printSide(s: { terms: Term[]; constant: { value: number; text: string } | null }): string {
  const parts: string[] = [];
  s.terms.forEach((t, k) => {
    const sign = t.coefficient < 0 ? "-" : "+";
    parts.push(k === 0 ? `${sign === "-" ? "-" : ""}${printTerm(t)}` : `${sign} ${printTerm(t)}`);
  });
  if (s.constant !== null || parts.length === 0) {
    const value = s.constant?.text ?? "0";
    const negative = value.startsWith("-");
    const magnitude = negative ? value.slice(1) : value;
    parts.push(parts.length === 0 ? value : `${negative ? "-" : "+"} ${magnitude}`);
  }
  return parts.join(" ");
}

function affine(s: { terms: Term[]; constant: { value: number } | null }): { coefficients: number[]; constant: number } {
  const coefficients = new Array<number>(tickers.length).fill(0);
  for (const t of s.terms) for (const m of memberOf(t.name)) coefficients[m] += t.coefficient;
  return { coefficients, constant: s.constant?.value ?? 0 };
}

test("property: printed linear constraints parse back to their coefficients and bounds", () => {
  const single = fc.record({ left: side, right: side, op: fc.constantFrom("<=", ">=", "=", "==", "≤", "≥") });
  fc.assert(
    fc.property(single, ({ left, right, op }) => {
      let l = affine(left);
      let r = affine(right);
      let sense = { "<=": "<=", "≤": "<=", ">=": ">=", "≥": ">=", "=": "=", "==": "=" }[op]!;
      // The side holding names goes left.
      if (left.terms.length === 0 && right.terms.length > 0) {
        [l, r] = [r, l];
        sense = sense === "<=" ? ">=" : sense === ">=" ? "<=" : "=";
      }
      const expected = l.coefficients.map((v, i) => v - r.coefficients[i]);
      fc.pre(expected.some((v) => Math.abs(v) > 1e-6));
      const bound = r.constant - l.constant;
      const parsed = parseLinearConstraint(`${printSide(left)} ${op} ${printSide(right)}`, universe);
      // Sums of up to 8 grid values in another order: a few roundings of numbers below 40.
      const tol = { rtol: 0, atol: 1e-13 };
      expectClose(parsed.coefficients, expected, tol, "coefficients");
      expectClose([parsed.lower, parsed.upper].filter(Number.isFinite), [sense === "<=" ? NaN : bound, sense === ">=" ? NaN : bound].filter(Number.isFinite), tol, "bounds");
      assert.equal(parsed.lower === -Infinity, sense === "<=");
      assert.equal(parsed.upper === Infinity, sense === ">=");
    }),
    { numRuns: 400, seed: 20261125 },
  );

  const range = fc.record({ middle: side, a: constant, b: constant, op: fc.constantFrom("<=", ">=") });
  fc.assert(
    fc.property(range, ({ middle, a, b, op }) => {
      const m = affine(middle);
      fc.pre(m.coefficients.some((v) => Math.abs(v) > 1e-6));
      const parsed = parseLinearConstraint(`${a.text} ${op} ${printSide(middle)} ${op} ${b.text}`, universe);
      const [lo, hi] = op === "<=" ? [a.value, b.value] : [b.value, a.value];
      const tol = { rtol: 0, atol: 1e-13 };
      expectClose(parsed.coefficients, m.coefficients, tol, "coefficients");
      expectClose([parsed.lower, parsed.upper], [lo - m.constant, hi - m.constant], tol, "bounds");
    }),
    { numRuns: 200, seed: 20261126 },
  );
});
