/**
 * Constraints as people write them: `"Tech <= 0.3"`, `"Equity >= 2 * Bonds"`, `"0.1 <= AAPL <= 0.2"`,
 * `"XOM <= 10%"`. A hand-written recursive-descent parser over the grammar
 *
 *     constraint := expression comparison expression [comparison expression]
 *     expression := term (("+" | "-") term)*
 *     term       := unary (("*" | "/") unary)*
 *     unary      := ("+" | "-") unary | number | name | "(" expression ")"
 *
 * where every expression is kept as an affine function of the weights (coefficients per asset plus a
 * constant), so non-linear forms (`AAPL * MSFT`, `1 / AAPL`) are caught where they occur.
 */
import { InvalidInputError } from "../../errors.js";
import { closestName } from "./closest-name.js";
import type { AssetGroup, LinearConstraint } from "./portfolio-constraints.js";
import { syntaxError, tokenizeConstraint, type Comparison, type Token } from "./tokenize-constraint.js";

/** The names a constraint may use: tickers (one per asset column) and groups of those assets. */
export interface ConstraintUniverse {
  readonly tickers: readonly string[];
  readonly groups?: readonly AssetGroup[];
}

/** An affine expression `coefficients·w + constant`; `first` is its first name token, for errors. */
interface Affine {
  readonly coefficients: Float64Array;
  readonly constant: number;
  readonly first: Token | null;
}

class Parser {
  private position = 0;
  private readonly tickers = new Map<string, number>();
  private readonly groups = new Map<string, readonly number[]>();

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    universe: ConstraintUniverse,
  ) {
    universe.tickers.forEach((t, i) => {
      if (this.tickers.has(t)) throw new InvalidInputError(`the universe lists ticker ${t} twice (columns ${this.tickers.get(t)} and ${i})`, { ticker: t });
      this.tickers.set(t, i);
    });
    for (const g of universe.groups ?? []) {
      if (this.groups.has(g.name)) throw new InvalidInputError(`the universe defines group ${g.name} twice`, { group: g.name });
      for (const m of g.members) {
        if (!Number.isInteger(m) || m < 0 || m >= universe.tickers.length) {
          throw new InvalidInputError(`group ${g.name} lists asset ${m}, but the assets are columns 0 to ${universe.tickers.length - 1}`, { group: g.name, member: m });
        }
      }
      this.groups.set(g.name, g.members);
    }
  }

  private get n(): number {
    return this.tickers.size;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    return this.tokens[this.position++];
  }

  fail(token: Token, what: string, hint?: string, extra: Record<string, unknown> = {}): never {
    return syntaxError(this.text, token.column, token.text, what, hint, extra);
  }

  /** Every expression and the comparisons between them, to the end of the text. */
  parseChain(): { sides: Affine[]; comparisons: Token[] } {
    if (this.peek().kind === "end") syntaxError(this.text, 1, "", "empty constraint", "write one such as 'Tech <= 0.3'");
    const sides = [this.expression()];
    const comparisons: Token[] = [];
    while (this.peek().kind === "comparison") {
      comparisons.push(this.next());
      sides.push(this.expression());
    }
    const stray = this.peek();
    if (stray.kind === "close") this.fail(stray, "unmatched ')'");
    if (stray.kind !== "end") this.fail(stray, `unexpected '${stray.text}'`, "expected '+', '-', '*', '/' or a comparison");
    return { sides, comparisons };
  }

  private expression(): Affine {
    let left = this.term();
    for (let op = this.peek(); op.kind === "operator" && (op.value === "+" || op.value === "-"); op = this.peek()) {
      this.next();
      const sign = op.value === "+" ? 1 : -1;
      left = combine(left, this.term(), sign);
    }
    return left;
  }

  private term(): Affine {
    let left = this.unary();
    for (let op = this.peek(); op.kind === "operator" && (op.value === "*" || op.value === "/"); op = this.peek()) {
      this.next();
      const right = this.unary();
      if (op.value === "*") {
        if (left.first !== null && right.first !== null) {
          this.fail(right.first, `'${right.first.text}' multiplies a weight`, "a product of weights is not linear");
        }
        left = left.first === null ? scale(right, left.constant) : scale(left, right.constant);
      } else {
        if (right.first !== null) this.fail(right.first, `division by '${right.first.text}'`, "dividing by a weight is not linear");
        if (right.constant === 0) this.fail(op, "division by zero");
        left = scale(left, 1 / right.constant);
      }
    }
    return left;
  }

  private unary(): Affine {
    const token = this.next();
    switch (token.kind) {
      case "operator":
        if (token.value === "+") return this.unary();
        if (token.value === "-") return scale(this.unary(), -1);
        return this.fail(token, `unexpected '${token.text}'`, "expected a number or a name");
      case "number":
        return { coefficients: new Float64Array(this.n), constant: token.value, first: null };
      case "name":
        return { coefficients: this.resolve(token), constant: 0, first: token };
      case "open": {
        const inner = this.expression();
        const close = this.next();
        if (close.kind !== "close") {
          const what = close.kind === "end" ? "end of text" : `unexpected '${close.text}'`;
          this.fail(close, what, `the '(' at column ${token.column} is never closed`);
        }
        return inner;
      }
      case "end":
        return this.fail(token, "end of text", "a number or a name is missing");
      default:
        return this.fail(token, `unexpected '${token.text}'`, "expected a number or a name");
    }
  }

  /** A ticker is its weight; a group is the sum of its members' weights. */
  private resolve(token: Extract<Token, { kind: "name" }>): Float64Array {
    const name = token.value;
    const asTicker = token.scope !== "group" ? this.tickers.get(name) : undefined;
    const asGroup = token.scope !== "ticker" ? this.groups.get(name) : undefined;
    if (asTicker !== undefined && asGroup !== undefined) {
      this.fail(token, `'${name}' is both a ticker and a group`, `write ticker:${name} or group:${name}`);
    }
    const coefficients = new Float64Array(this.n);
    if (asTicker !== undefined) coefficients[asTicker] = 1;
    else if (asGroup !== undefined) for (const m of asGroup) coefficients[m] += 1;
    else {
      const known = token.scope === "ticker" ? this.tickers.keys() : token.scope === "group" ? this.groups.keys() : [...this.tickers.keys(), ...this.groups.keys()];
      const kind = token.scope ?? "ticker or group";
      const suggestion = closestName(name, known);
      if (suggestion === undefined) this.fail(token, `unknown ${kind} '${name}'`);
      this.fail(token, `unknown ${kind} '${name}'`, `did you mean '${suggestion}'?`, { suggestion });
    }
    return coefficients;
  }
}

function combine(a: Affine, b: Affine, sign: number): Affine {
  const coefficients = Float64Array.from(a.coefficients, (v, i) => v + sign * b.coefficients[i]);
  return { coefficients, constant: a.constant + sign * b.constant, first: a.first ?? b.first };
}

function scale(a: Affine, factor: number): Affine {
  return { coefficients: a.coefficients.map((v) => v * factor), constant: a.constant * factor, first: a.first };
}

const FLIP: Readonly<Record<Comparison, Comparison>> = { "<=": ">=", ">=": "<=", "=": "=", "<": ">", ">": "<" };

/**
 * Reads a linear constraint on portfolio weights from text. Names are tickers (`universe.tickers[i]` is
 * asset column i) or groups (the sum of their members' weights); `ticker:X` / `group:X` disambiguate a
 * name that is both, and quotes allow any name (`"BRK-B" <= 5%`). Numbers may carry an exponent or a
 * percent sign; `*` and `/` by numbers, parentheses and repeated names are allowed (`2 * (AAPL + MSFT)`).
 *
 * Forms: `expression op expression` with op one of `<=`, `>=`, `=` (or `==`, `≤`, `≥`), and
 * `number op expression op number` with two `<=` or two `>=` (a range). Constants move to the right of
 * the weights: the result is `lower ≤ coefficients·w ≤ upper`, one coefficient per ticker, with
 * −Infinity/+Infinity for the open side, as written: the names on the left (or the only side holding
 * names) keep their signs, so `"-AAPL >= -0.2"` stays `−w ≥ −0.2` and `"2.5e-1 >= GOOG"` is `w ≤ 0.25`.
 * The label is the text, trimmed.
 *
 * Throws `ConstraintSyntaxError` (code CONSTRAINT_SYNTAX) with a one-line message naming the offending
 * token and its 1-based column, and `details` `{ text, column, token }` (plus `suggestion` for an
 * unknown name within two edits of a known one); `InvalidInputError` for an inconsistent universe.
 *
 * @example
 * parseLinearConstraint("Equity >= 2 * Bonds", { tickers: ["SPY", "AGG"], groups: [
 *   { name: "Equity", members: [0] }, { name: "Bonds", members: [1] }] });
 * // { coefficients: [1, -2], lower: 0, upper: Infinity, label: "Equity >= 2 * Bonds" }
 */
export function parseLinearConstraint(text: string, universe: ConstraintUniverse): LinearConstraint {
  if (typeof text !== "string") throw new InvalidInputError(`a constraint must be text, got ${typeof text}`, { text });
  const label = text.trim();
  // Columns count in the text as given, so the error points where the person looks.
  const parser = new Parser(text, tokenizeConstraint(text), universe);
  const { sides, comparisons } = parser.parseChain();
  if (comparisons.length === 0) {
    syntaxError(text, text.length + 1, "", "missing comparison", "expected '<=', '>=' or '=' before the end of the text");
  }
  for (const c of comparisons) {
    if (c.kind === "comparison" && (c.value === "<" || c.value === ">")) {
      parser.fail(c, `strict '${c.value}'`, `write '${c.value}=' (on continuous weights a strict limit is the same optimum)`);
    }
  }
  if (comparisons.length > 2) parser.fail(comparisons[2], `a third comparison '${comparisons[2].text}'`, "at most a range 'lower <= expression <= upper'");

  let coefficients: Float64Array;
  let lower = -Infinity;
  let upper = Infinity;
  if (comparisons.length === 1) {
    let [left, right] = sides;
    let op = (comparisons[0] as Extract<Token, { kind: "comparison" }>).value;
    // "0.05 <= Energy" reads as "Energy >= 0.05": the side with the names goes left.
    if (left.first === null && right.first !== null) {
      [left, right] = [right, left];
      op = FLIP[op];
    }
    coefficients = combine(left, right, -1).coefficients;
    const bound = right.constant - left.constant;
    if (op !== ">=") upper = bound;
    if (op !== "<=") lower = bound;
  } else {
    const [first, second] = comparisons as Extract<Token, { kind: "comparison" }>[];
    if (first.value === "=" || second.value === "=") parser.fail(first.value === "=" ? first : second, "'=' in a range", "a range uses '<=' twice or '>=' twice");
    if (first.value !== second.value) parser.fail(second, `'${second.text}' after '${first.text}'`, "a range needs two comparisons in the same direction");
    const [outerA, middle, outerB] = sides;
    for (const outer of [outerA, outerB]) {
      if (outer.first !== null) parser.fail(outer.first, `'${outer.first.text}' outside the middle of a range`, "write 'lower <= expression <= upper' with numbers outside");
    }
    coefficients = middle.coefficients;
    const [lo, hi] = first.value === "<=" ? [outerA.constant, outerB.constant] : [outerB.constant, outerA.constant];
    lower = lo - middle.constant;
    upper = hi - middle.constant;
  }
  if (coefficients.every((v) => v === 0)) {
    parser.fail(comparisons[0], "no weight in the constraint", "its names are missing or cancel out");
  }
  return { coefficients, lower, upper, label };
}
