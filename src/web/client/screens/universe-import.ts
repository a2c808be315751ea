/// <reference lib="dom" />
/**
 * CSV import: drop a price file (wide or long CSV, as the CLI's `data import`) or choose one; it is
 * sent whole to POST /prices as text/csv, which imports it all or nothing and names the bad line.
 */
import { importPriceCsv } from "../api/endpoints.js";
import { h, replace } from "../ui/dom.js";
import { errorBox, loading, notice } from "../ui/status.js";

function describe(result: Record<string, unknown>): string {
  const rows = result.rows ?? result.inserted ?? result.upserted ?? result.written;
  const tickers = Array.isArray(result.tickers) ? (result.tickers as string[]).join(", ") : null;
  return `Imported${rows !== undefined ? ` ${String(rows)} prices` : ""}${tickers ? ` for ${tickers}` : ""}.`;
}

export function csvDropZone(onImported: () => void): HTMLElement {
  const status = h("div", { "aria-live": "polite" });
  const input = h("input", { type: "file", accept: ".csv,text/csv", "aria-label": "Choose a price CSV file" });
  const zone = h(
    "div",
    { class: "dropzone", "data-testid": "csv-drop" },
    h("p", {}, "Drop a price CSV here (wide: date + one column per ticker, or long: date,ticker,close)"),
    input,
  );

  const upload = async (file: File): Promise<void> => {
    replace(status, loading(`Importing ${file.name}…`));
    try {
      const result = await importPriceCsv(await file.text());
      replace(status, notice(describe(result ?? {})));
      onImported();
    } catch (error) {
      replace(status, errorBox(error));
    }
  };

  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = event.dataTransfer?.files[0];
    if (file) void upload(file);
  });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) void upload(file);
    input.value = "";
  });
  return h("div", {}, zone, status);
}
