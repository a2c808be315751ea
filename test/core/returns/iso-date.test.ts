import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isIsoDate, isoDayNumber } from "../../../src/core/returns/index.js";

describe("isIsoDate", () => {
  it("accepts real calendar dates only", () => {
    for (const ok of ["2020-02-29", "2000-02-29", "1999-12-31", "0050-06-15"]) assert.ok(isIsoDate(ok), ok);
    for (const bad of ["2021-02-29", "1900-02-29", "2020-13-01", "2020-04-31", "2020-1-01", "20200101", "", 20200101]) {
      assert.ok(!isIsoDate(bad), String(bad));
    }
  });
});

describe("isoDayNumber", () => {
  it("counts days like Date.UTC does for modern years, and before year 100", () => {
    for (const d of ["1970-01-01", "1989-12-29", "2000-03-01", "2018-04-11", "2100-02-28"]) {
      assert.equal(isoDayNumber(d), Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8)) / 86_400_000, d);
    }
    // Date.UTC would read year 50 as 1950; the gap across a leap day of year 48 must be 2 days.
    assert.equal(isoDayNumber("0048-03-01") - isoDayNumber("0048-02-28"), 2);
  });
});
