import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidInputError } from "../../../src/core/errors.js";
import { alignToDates } from "../../../src/core/returns/index.js";

describe("alignToDates", () => {
  const source = {
    dates: ["2024-01-02", "2024-01-03", "2024-01-05"],
    values: { rows: 3, cols: 2, data: Float64Array.from([1, 2, 3, 4, 5, 6]) },
  };

  it("left-joins: target dates without a source row get NaN, source-only dates are left out", () => {
    const m = alignToDates(source, ["2024-01-01", "2024-01-03", "2024-01-04", "2024-01-05"]);
    assert.deepEqual([m.rows, m.cols], [4, 2]);
    assert.deepEqual(Array.from(m.data), [NaN, NaN, 3, 4, NaN, NaN, 5, 6]);
  });

  it("rejects a repeated source date", () => {
    assert.throws(
      () => alignToDates({ dates: ["2024-01-02", "2024-01-02"], values: { rows: 2, cols: 1, data: Float64Array.of(1, 2) } }, []),
      InvalidInputError,
    );
  });
});
