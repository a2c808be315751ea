import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidInputError } from "../../../src/core/errors.js";
import { inferPeriodsPerYear } from "../../../src/core/returns/index.js";
import { readPriceFile } from "../../../src/data/index.js";
import { referencePath } from "../../support/reference.js";

/** ISO date `days` after 2000-01-01 (UTC arithmetic, for building calendars in tests). */
function isoFrom(days: number): string {
  return new Date(Date.UTC(2000, 0, 1 + days)).toISOString().slice(0, 10);
}

/** Weekdays from 2000-01-03 with a few holidays removed. */
function businessDays(n: number): string[] {
  const out: string[] = [];
  for (let d = 2; out.length < n; d++) {
    const day = new Date(Date.UTC(2000, 0, 1 + d)).getUTCDay();
    if (day !== 0 && day !== 6 && d % 97 !== 0) out.push(isoFrom(d));
  }
  return out;
}

/** Last business day of each month from January 2000. */
function monthEnds(n: number): string[] {
  const out: string[] = [];
  for (let m = 0; m < n; m++) {
    const d = new Date(Date.UTC(2000, m + 1, 0));
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() - 1);
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

describe("inferPeriodsPerYear", () => {
  it("reads stock_prices.csv as daily", async () => {
    const prices = await readPriceFile(referencePath("data", "stock_prices.csv"));
    assert.equal(inferPeriodsPerYear(prices.dates), 252);
  });

  it("daily business days, with holidays", () => {
    assert.equal(inferPeriodsPerYear(businessDays(300)), 252);
  });

  it("weekly, including a holiday-shifted Thursday and a skipped week", () => {
    const fridays = Array.from({ length: 60 }, (_, k) => isoFrom(6 + 7 * k)); // 2000-01-07 is a Friday
    fridays[10] = isoFrom(6 + 70 - 1);
    fridays.splice(30, 1);
    assert.equal(inferPeriodsPerYear(fridays), 52);
  });

  it("monthly month-end business days", () => {
    assert.equal(inferPeriodsPerYear(monthEnds(36)), 12);
  });

  it("quarterly and yearly", () => {
    assert.equal(inferPeriodsPerYear(monthEnds(36).filter((_, i) => i % 3 === 2)), 4);
    assert.equal(inferPeriodsPerYear(["2019-12-31", "2020-12-31", "2021-12-31", "2022-12-30"]), 1);
  });

  it("rejects fewer than 2 dates, an irregular calendar and unsorted dates", () => {
    assert.throws(() => inferPeriodsPerYear(["2020-01-01"]), InvalidInputError);
    const fortnightly = Array.from({ length: 20 }, (_, k) => isoFrom(15 * k));
    assert.throws(() => inferPeriodsPerYear(fortnightly), (e: unknown) => e instanceof InvalidInputError && /irregular calendar.*15 days/.test(e.message));
    assert.throws(() => inferPeriodsPerYear(["2020-01-02", "2020-01-01"]), /strictly ascending/);
    assert.throws(() => inferPeriodsPerYear(["2020-01-01", "2020-01-01"]), /strictly ascending/);
    assert.throws(() => inferPeriodsPerYear(["2020-01-01", "not a date"]), /not a date|not a valid/);
  });
});
