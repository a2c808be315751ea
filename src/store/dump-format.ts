/**
 * Our logical dump: gzip-compressed JSON lines, readable by `restoreDatabase` alone (no pg_dump).
 *
 *   {"format":"portfolio-opt-dump","formatVersion":1,"schemaVersion":…,"source":…,"createdAt":…,"tables":[{name,columns}…]}
 *   {"table":"assets","columns":[…]}      then one JSON array per row, in key order
 *   {"end":"assets","rows":N}             … the same for every table, parents first
 *   {"end":"dump","rows":{"assets":N,…}}  the last line: without it the dump is truncated
 *
 * JSON numbers carry doubles exactly (shortest round-trip text both ways); every value stored is
 * text, a double, an integer or null.
 */
export const DUMP_FORMAT = "portfolio-opt-dump";
export const DUMP_FORMAT_VERSION = 1;

export interface DumpHeader {
  readonly format: typeof DUMP_FORMAT;
  readonly formatVersion: number;
  /** The newest migration of the database dumped. */
  readonly schemaVersion: string;
  readonly source: "sqlite" | "postgres";
  readonly createdAt: string;
  readonly tables: readonly { readonly name: string; readonly columns: readonly string[] }[];
}

/** The first bytes of every SQLite 3 database file. */
export const SQLITE_MAGIC = Buffer.from("SQLite format 3\u0000", "latin1");
export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
