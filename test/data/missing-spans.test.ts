import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { missingSpans } from "../../src/data/index.js";

const stored = { first: "2018-01-02", last: "2018-01-31", rows: 21 };

describe("missingSpans: what the read-through cache asks for", () => {
  it("asks for everything when nothing is stored", () => {
    assert.deepEqual(missingSpans({ start: "2018-01-01", end: "2018-01-31" }, null), [{ start: "2018-01-01", end: "2018-01-31" }]);
  });
  it("asks for the parts before and after the stored span", () => {
    assert.deepEqual(missingSpans({ start: "2017-12-01", end: "2018-02-28" }, stored), [
      { start: "2017-12-01", end: "2018-01-01" },
      { start: "2018-02-01", end: "2018-02-28" },
    ]);
  });
  it("asks for nothing inside the stored span", () => {
    assert.deepEqual(missingSpans({ start: "2018-01-10", end: "2018-01-20" }, stored), []);
  });
  it("skips a missing part that is only a weekend", () => {
    // 2018-02-03/04 are Saturday and Sunday.
    assert.deepEqual(missingSpans({ start: "2018-01-02", end: "2018-02-04" }, { ...stored, last: "2018-02-02" }), []);
  });
  it("fills the gap to a span wholly after the stored one, keeping the store unbroken", () => {
    assert.deepEqual(missingSpans({ start: "2018-03-01", end: "2018-03-09" }, stored), [{ start: "2018-02-01", end: "2018-03-09" }]);
  });
});
