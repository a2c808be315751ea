/**
 * Option-value parsers shared by commands. Each rejects a bad value with commander's
 * InvalidArgumentError, which commander reports as one line naming the option, and exit 2.
 */
import { InvalidArgumentError } from "commander";

export function finiteNumber(value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x)) throw new InvalidArgumentError(`'${value}' is not a number.`);
  return x;
}

export function positiveNumber(value: string): number {
  const x = finiteNumber(value);
  if (!(x > 0)) throw new InvalidArgumentError(`'${value}' must be greater than 0.`);
  return x;
}

export function positiveInteger(value: string): number {
  const x = finiteNumber(value);
  if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError(`'${value}' must be a whole number ≥ 1.`);
  return x;
}

export function nonNegativeInteger(value: string): number {
  const x = finiteNumber(value);
  if (!Number.isInteger(x) || x < 0) throw new InvalidArgumentError(`'${value}' must be a whole number ≥ 0.`);
  return x;
}

export function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError(`'${value}' is not a date (YYYY-MM-DD).`);
  }
  return value;
}

export function tickerList(value: string): string[] {
  const tickers = value.split(",").map((t) => t.trim());
  if (tickers.some((t) => t === "")) throw new InvalidArgumentError(`'${value}' has an empty ticker.`);
  return tickers;
}
