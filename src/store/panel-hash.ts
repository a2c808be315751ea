/**
 * A fingerprint of the exact price panel a run used, stored with every result so a later re-run can
 * tell whether it sees the same data. SHA-256 over a canonical serialisation:
 * a version tag, the tickers as JSON, the dates comma-joined, then every price as an IEEE-754
 * double, little-endian, row-major, with every NaN written as the one canonical quiet NaN (NaN
 * payloads differ between code paths but all mean "missing").
 */
import { createHash } from "node:crypto";
import type { PricePanel } from "../core/returns/index.js";

const VERSION_TAG = "portfolio-opt price panel v1\n";

/** `sha256:<64 hex digits>` of `panel` (see the file header for what is hashed). */
export function panelHash(panel: PricePanel): string {
  const hash = createHash("sha256");
  hash.update(VERSION_TAG);
  hash.update(`${JSON.stringify(panel.tickers)}\n`);
  hash.update(`${panel.dates.join(",")}\n`);
  const bytes = new DataView(new ArrayBuffer(panel.prices.data.length * 8));
  panel.prices.data.forEach((value, k) => {
    if (Number.isNaN(value)) {
      // Written by hand: setFloat64(NaN) may choose any NaN encoding (ECMA-262 NumericToRawBytes).
      bytes.setUint32(8 * k, 0, true);
      bytes.setUint32(8 * k + 4, 0x7ff80000, true);
    } else {
      bytes.setFloat64(8 * k, value, true);
    }
  });
  hash.update(new Uint8Array(bytes.buffer));
  return `sha256:${hash.digest("hex")}`;
}
