import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pricePanel } from "../../src/core/returns/index.js";
import { panelHash } from "../../src/store/panel-hash.js";

const panel = (prices: (number | null)[][], tickers = ["A", "B"], dates = ["2024-01-02", "2024-01-03"]) => pricePanel({ dates, tickers, prices }).panel;

describe("panelHash", () => {
  it("is a SHA-256 that depends only on tickers, dates and exact prices", () => {
    const base = panelHash(panel([[1, 2], [3, null]]));
    assert.match(base, /^sha256:[0-9a-f]{64}$/);
    assert.equal(panelHash(panel([[1, 2], [3, null]])), base);
    assert.notEqual(panelHash(panel([[1, 2], [3, 4]])), base);
    assert.notEqual(panelHash(panel([[1, 2], [3, null]], ["B", "A"])), base);
    assert.notEqual(panelHash(panel([[1, 2], [3, null]], ["A", "B"], ["2024-01-02", "2024-01-04"])), base);
    // One ulp apart is a different panel: the hash covers the exact doubles.
    assert.notEqual(panelHash(panel([[1, 2], [3 + 4.440892098500626e-16, null]])), base);
  });

  it("treats every NaN encoding as the same missing price", () => {
    const bits = new Float64Array(1);
    new DataView(bits.buffer).setUint32(4, 0x7ff00001, true); // a signalling NaN, not the canonical one
    const odd = panel([[1, 2], [3, 4]]);
    const data = Float64Array.from(odd.prices.data);
    data[3] = bits[0];
    assert.ok(Number.isNaN(data[3]));
    assert.equal(panelHash({ ...odd, prices: { ...odd.prices, data } }), panelHash(panel([[1, 2], [3, null]])));
  });
});
