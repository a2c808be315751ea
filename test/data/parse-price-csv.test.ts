import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { DataError, MalformedPriceFileError, parsePriceCsv, type PriceFile } from "../../src/data/index.js";
import { referencePath } from "../support/reference.js";

const source = "prices.csv";
const parse = (text: string, duplicates?: "error" | "keepLast") => parsePriceCsv(text, { source, duplicates });

function sameValues(a: Float64Array, b: Float64Array): void {
  assert.equal(a.length, b.length);
  // Both sides parse the same decimal strings: identical doubles (NaN where missing) are expected.
  for (let k = 0; k < a.length; k++) assert.ok(Object.is(a[k], b[k]), `value ${k}: ${a[k]} vs ${b[k]}`);
}

/** Asserts a MalformedPriceFileError whose message starts with the place and matches `problem`. */
function malformed(text: string, line: number, column: number, problem: RegExp, duplicates?: "error" | "keepLast"): void {
  assert.throws(
    () => parse(text, duplicates),
    (e: unknown) => {
      assert.ok(e instanceof MalformedPriceFileError, `not a MalformedPriceFileError: ${String(e)}`);
      assert.ok(e instanceof DataError);
      assert.equal(e.code, "MALFORMED_PRICE_FILE");
      assert.deepEqual([e.file, e.line, e.column], [source, line, column], e.message);
      assert.ok(e.message.startsWith(`${source} line ${line}, column ${column}`), e.message);
      assert.match(e.message, problem);
      return true;
    },
  );
}

describe("parsePriceCsv, wide layout", () => {
  it("reads dates and tickers, with any first-column header and the usual missing markers", () => {
    for (const first of ["date", "Date", "", "timestamp"]) {
      const p = parse(`${first},A,B\n2024-01-02,1.5,\n2024-01-03,NaN,2\n2024-01-04,NA,#N/A\n`);
      assert.deepEqual(p.dates, ["2024-01-02", "2024-01-03", "2024-01-04"]);
      assert.deepEqual(p.tickers, ["A", "B"]);
      sameValues(p.prices.data, Float64Array.from([1.5, NaN, NaN, 2, NaN, NaN]));
      assert.deepEqual(
        { ...p.report },
        { sorted: false, duplicatesDropped: [], rowsDropped: 0, missingPrices: 4, source, format: "wide", rowsRead: 3, compressed: false },
      );
    }
  });

  it("keeps the date of a date-time, and accepts a BOM, CRLF, blank lines and spaces", () => {
    const p = parse("\ufeffDate , A\r\n2024-01-02T16:00:00Z, 10\r\n\r\n2024-01-03 00:00:00,11\r\n2024-01-04T09:30-05:00,12\r\n");
    assert.deepEqual(p.dates, ["2024-01-02", "2024-01-03", "2024-01-04"]);
    sameValues(p.prices.data, Float64Array.from([10, 11, 12]));
  });

  it("sorts unsorted rows and reports it", () => {
    const p = parse("date,A\n2024-01-03,2\n2024-01-02,1\n");
    assert.deepEqual(p.dates, ["2024-01-02", "2024-01-03"]);
    sameValues(p.prices.data, Float64Array.from([1, 2]));
    assert.equal(p.report.sorted, true);
  });

  it("rejects a duplicate date naming both lines, or keeps the last under keepLast", () => {
    const text = "date,A\n2024-01-02,1\n2024-01-03,2\n2024-01-02,3\n";
    malformed(text, 4, 1, /\(date\): duplicate date 2024-01-02 \(first on line 2\)/);
    const p = parse(text, "keepLast");
    sameValues(p.prices.data, Float64Array.from([3, 2]));
    assert.deepEqual(p.report.duplicatesDropped, ["2024-01-02"]);
  });
});

describe("parsePriceCsv, long layout", () => {
  const wideText = readFileSync(referencePath("data", "stock_prices.csv"), "utf8");

  function toLong(wide: PriceFile, header: string, order: (row: string[]) => string[]): string {
    const lines = [header];
    const { rows, cols, data } = wide.prices;
    // Rows grouped by ticker, newest first: a row order unlike the wide file's.
    for (let j = 0; j < cols; j++) {
      for (let i = rows - 1; i >= 0; i--) {
        const v = data[i * cols + j];
        if (!Number.isNaN(v)) lines.push(order([wide.dates[i], wide.tickers[j], String(v), "123"]).join(","));
      }
    }
    return lines.join("\n");
  }

  it("equals the wide file (stock_prices.csv), whatever the column order and case", () => {
    const wide = parse(wideText);
    // Columns shuffled, mixed case, an extra column ignored.
    const long = parse(toLong(wide, "Volume,TICKER,Close,Date", ([d, t, c, v]) => [v, t, c, d]));
    assert.equal(long.report.format, "long");
    assert.equal(long.report.priceColumn, "Close");
    assert.deepEqual(long.dates, wide.dates);
    assert.deepEqual(long.tickers, wide.tickers);
    sameValues(long.prices.data, wide.prices.data);
  });

  it("prefers an adjusted close over the close", () => {
    const p = parse("date,ticker,close,Adj Close\n2024-01-02,A,10,5\n2024-01-03,A,11,5.5\n2024-01-02,B,20,\n");
    assert.equal(p.report.priceColumn, "Adj Close");
    assert.deepEqual(p.tickers, ["A", "B"]);
    sameValues(p.prices.data, Float64Array.from([5, NaN, 5.5, NaN]));
  });

  it("rejects a repeated (date, ticker) row, or keeps the last under keepLast", () => {
    const text = "date,ticker,close\n2024-01-02,A,1\n2024-01-02,B,2\n2024-01-02,A,3\n";
    malformed(text, 4, 1, /duplicate row for A on 2024-01-02 \(first on line 2\)/);
    const p = parse(text, "keepLast");
    sameValues(p.prices.data, Float64Array.from([3, 2]));
    assert.deepEqual([p.report.duplicatesDropped, p.report.rowsDropped], [["2024-01-02"], 1]);
  });

  it("names the cell of a bad long row", () => {
    malformed("date,ticker,close\n2024-01-02,A,x\n", 2, 3, /\(close of A\): 'x' is not a number/);
    malformed("date,ticker,close\n2024-01-02,,1\n", 2, 2, /\(ticker\): empty ticker/);
    malformed("date,ticker,volume\n2024-01-02,A,1\n", 1, 4, /needs a close or adjclose column/);
  });
});

describe("parsePriceCsv, malformed files: file, line and column in every message", () => {
  it("a non-numeric price: 'prices.csv line 17, column 4 (AAPL): 'abc' is not a number'", () => {
    const rows = Array.from({ length: 16 }, (_, i) => `2024-01-${String(i + 1).padStart(2, "0")},1,2,${i === 15 ? "abc" : "3"}`);
    malformed(["date,MSFT,XOM,AAPL", ...rows].join("\n"), 17, 4, /^prices\.csv line 17, column 4 \(AAPL\): 'abc' is not a number$/);
    // A decimal comma: unquoted it splits the field, quoted it is not a number.
    malformed("date,A\n2024-01-02,1,5\n", 2, 3, /3 fields where the header has 2/);
    malformed('date,A\n2024-01-02,"1,5"\n', 2, 2, /'1,5' is not a number/);
    malformed("date,A\n2024-01-02,1e999\n", 2, 2, /out of range/);
    malformed("date,A\n2024-01-02,Infinity\n", 2, 2, /is not a number/);
  });

  it("a bad date", () => {
    malformed("date,A\n2024-01-02,1\n2024-13-01,2\n", 3, 1, /\(date\): '2024-13-01' is not a date/);
    malformed("Date,A\n01/02/2024,1\n", 2, 1, /\(Date\): '01\/02\/2024' is not a date/);
    malformed("date,A\n,1\n", 2, 1, /empty date/);
  });

  it("a non-positive price", () => {
    malformed("date,A,B\n2024-01-02,1,-2\n", 2, 3, /\(B\): '-2' is not a positive price/);
    malformed("date,A,B\n2024-01-02,0,2\n", 2, 2, /\(A\): '0' is not a positive price/);
  });

  it("a wrong column count, too many or too few", () => {
    malformed("date,A,B\n2024-01-02,1,2\n2024-01-03,1,2,3\n", 3, 4, /4 fields where the header has 3/);
    malformed("date,A,B\n2024-01-02,1\n", 2, 3, /2 fields where the header has 3/);
  });

  it("an empty file, a header with no tickers, no rows, a duplicate or empty ticker column", () => {
    malformed("", 1, 1, /the file is empty/);
    malformed("\n\n\n", 1, 1, /the file is empty/);
    malformed("date\n2024-01-02\n", 1, 2, /no ticker columns/);
    malformed("date,A,B\n", 2, 1, /no price rows/);
    malformed("date,A,B,A\n2024-01-02,1,2,3\n", 1, 4, /\(A\): duplicate ticker column \(first at column 2\)/);
    malformed("date,A,,B\n2024-01-02,1,2,3\n", 1, 3, /empty ticker name/);
  });

  it("a CSV syntax error, at the line csv-parse reports", () => {
    assert.throws(
      () => parse('date,A\n2024-01-02,"1\n'),
      (e: unknown) => e instanceof MalformedPriceFileError && /^prices\.csv line 2, column \d+: CSV syntax error/.test(e.message),
    );
  });

  it("counts lines from the start of a record that spans lines", () => {
    malformed('date,"A\nB"\n2024-01-02,x\n', 3, 2, /\(A\nB\): 'x' is not a number/);
  });
});
