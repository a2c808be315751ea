/**
 * The tokenizer of constraint texts (`"0.1 <= AAPL + 0.5*MSFT <= 20%"`), and the one way a reading
 * error is reported: a `ConstraintSyntaxError` naming the text, the token and its 1-based column.
 */
import { ConstraintSyntaxError } from "../../errors.js";

export type Comparison = "<=" | ">=" | "=" | "<" | ">";

export type Token =
  | { readonly kind: "number"; readonly value: number; readonly text: string; readonly column: number }
  | { readonly kind: "name"; readonly value: string; readonly scope?: "ticker" | "group"; readonly text: string; readonly column: number }
  | { readonly kind: "operator"; readonly value: "+" | "-" | "*" | "/"; readonly text: string; readonly column: number }
  | { readonly kind: "comparison"; readonly value: Comparison; readonly text: string; readonly column: number }
  | { readonly kind: "open" | "close" | "end"; readonly text: string; readonly column: number };

/**
 * Throws the error for `token` at 1-based `column` of `text`: one line, `constraint "<text>": <what> at
 * column <column>; <hint>`.
 */
export function syntaxError(text: string, column: number, token: string, what: string, hint?: string, extra: Record<string, unknown> = {}): never {
  // JSON quoting keeps the message on one line whatever the text holds (a newline, a quote).
  const message = `constraint ${JSON.stringify(text)}: ${what} at column ${column}${hint === undefined ? "" : `; ${hint}`}`;
  throw new ConstraintSyntaxError(message, { text, column, token, ...extra });
}

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
// Tickers and group names: a letter or "_" first, then letters, digits, "_" and "." (BRK.B). Anything
// else (BRK-B, "Consumer Staples") is written in quotes.
const NAME = /^[\p{L}_][\p{L}\p{N}_.]*/u;
const COMPARISONS: readonly [string, Comparison][] = [
  ["<=", "<="],
  [">=", ">="],
  ["==", "="],
  ["≤", "<="],
  ["≥", ">="],
  ["=", "="],
  ["<", "<"],
  [">", ">"],
];
const OPERATORS: Readonly<Record<string, "+" | "-" | "*" | "/">> = { "+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "·": "*", "/": "/" };

/**
 * Splits `text` into tokens. Numbers may be written with an exponent (`2.5e-1`) or as a percentage
 * (`10%` is 0.1). A name is a ticker or group; `ticker:X` and `group:X` say which when both exist, and
 * quotes (`"BRK-B"`, `'Consumer Staples'`) allow any character but the quote.
 */
export function tokenizeConstraint(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const number = NUMBER.exec(rest);
    if (number !== null) {
      let raw = number[0];
      let value = Number(raw);
      if (rest[raw.length] === "%") {
        raw += "%";
        value /= 100;
      }
      if (!Number.isFinite(value)) syntaxError(text, column, raw, `number '${raw}' out of range`, "weights and limits are decimals such as 0.25 or 25%");
      tokens.push({ kind: "number", value, text: raw, column });
      i += raw.length;
      continue;
    }
    if (ch === '"' || ch === "'" || NAME.test(rest)) {
      const { token, length } = readName(text, i);
      tokens.push(token);
      i += length;
      continue;
    }
    const comparison = COMPARISONS.find(([spelling]) => rest.startsWith(spelling));
    if (comparison !== undefined) {
      tokens.push({ kind: "comparison", value: comparison[1], text: comparison[0], column });
      i += comparison[0].length;
      continue;
    }
    if (OPERATORS[ch] !== undefined) {
      tokens.push({ kind: "operator", value: OPERATORS[ch], text: ch, column });
      i++;
      continue;
    }
    if (ch === "(" || ch === ")") {
      tokens.push({ kind: ch === "(" ? "open" : "close", text: ch, column });
      i++;
      continue;
    }
    if (ch === "%") syntaxError(text, column, ch, "stray '%'", "'%' must follow a number directly, as in 10%");
    syntaxError(text, column, ch, `unexpected character '${ch}'`);
  }
  tokens.push({ kind: "end", text: "", column: text.length + 1 });
  return tokens;
}

/** A bare or quoted name at `start`, with an optional `ticker:` / `group:` scope in front. */
function readName(text: string, start: number): { token: Token; length: number } {
  let i = start;
  let scope: "ticker" | "group" | undefined;
  const prefix = /^(ticker|group):/.exec(text.slice(i));
  if (prefix !== null) {
    scope = prefix[1] as "ticker" | "group";
    i += prefix[0].length;
  }
  const quote = text[i];
  let value: string;
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, i + 1);
    if (close < 0) syntaxError(text, i + 1, text.slice(i), "unterminated quoted name", `close it with ${quote}`);
    value = text.slice(i + 1, close);
    if (value.length === 0) syntaxError(text, i + 1, text.slice(i, close + 1), "empty quoted name");
    i = close + 1;
  } else {
    const bare = NAME.exec(text.slice(i));
    if (bare === null) syntaxError(text, i + 1, text[i] ?? "", `no name after '${scope}:'`, `write ${scope}:NAME`);
    value = bare[0];
    i += value.length;
  }
  const raw = text.slice(start, i);
  return { token: { kind: "name", value, ...(scope ? { scope } : {}), text: raw, column: start + 1 }, length: i - start };
}
