/**
 * Writing a logical dump (format in dump-format.ts) of a live database from one snapshot.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { createGzip } from "node:zlib";
import type { Store } from "./database.js";
import { DUMP_FORMAT, DUMP_FORMAT_VERSION, type DumpHeader } from "./dump-format.js";
import { schemaVersion } from "./migrate.js";
import { inSnapshot, tablePages } from "./table-reader.js";
import { TABLES } from "./tables.js";

/** Writes the dump to `file` (replacing it) and returns the rows written per table. */
export async function writeDump(store: Store, file: string, createdAt: string): Promise<Record<string, number>> {
  const gzip = createGzip();
  const out = createWriteStream(file);
  gzip.pipe(out);
  const finished = once(out, "close");
  const write = async (text: string): Promise<void> => {
    if (!gzip.write(text)) await once(gzip, "drain");
  };
  const counts: Record<string, number> = {};
  try {
    await inSnapshot(store, async (trx) => {
      const header: DumpHeader = {
        format: DUMP_FORMAT,
        formatVersion: DUMP_FORMAT_VERSION,
        schemaVersion: (await schemaVersion(trx)) ?? "",
        source: store.dialect,
        createdAt,
        tables: TABLES.map((t) => ({ name: t.name, columns: t.columns })),
      };
      await write(`${JSON.stringify(header)}\n`);
      for (const table of TABLES) {
        await write(`${JSON.stringify({ table: table.name, columns: table.columns })}\n`);
        let rows = 0;
        for await (const page of tablePages(trx, table)) {
          rows += page.length;
          await write(`${page.map((row) => JSON.stringify(row)).join("\n")}\n`);
        }
        counts[table.name] = rows;
        await write(`${JSON.stringify({ end: table.name, rows })}\n`);
      }
      await write(`${JSON.stringify({ end: "dump", rows: counts })}\n`);
    });
    gzip.end();
    await finished;
  } catch (error) {
    gzip.destroy();
    out.destroy();
    throw error;
  }
  return counts;
}
