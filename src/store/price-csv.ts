/**
 * A price panel as wide CSV text, written the same way every time so two exports can be compared
 * byte for byte: `date,T1,T2…` header, dates ascending, numbers in JavaScript's shortest text that
 * reads back to the same double (`String(x)`), a blank cell where a price is missing, `\n` line ends.
 */
import type { PricePanel } from "../core/returns/index.js";

/** RFC 4180 quoting, only where a field needs it. */
function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatWideCsv(panel: PricePanel): string {
  const { dates, tickers, prices } = panel;
  const cols = tickers.length;
  const lines: string[] = [["date", ...tickers].map(csvField).join(",")];
  for (let i = 0; i < dates.length; i++) {
    let line = dates[i];
    for (let j = 0; j < cols; j++) {
      const value = prices.data[i * cols + j];
      line += Number.isNaN(value) ? "," : `,${String(value)}`;
    }
    lines.push(line);
  }
  return `${lines.join("\n")}\n`;
}
