/**
 * Reading a backup, whichever kind it is: a SQLite database file (from SQLite's online backup) or
 * our logical dump. The kind is told by the first bytes, not the file name. Either way the rows
 * come out as batches per table, parents first, and the reader checks the file is complete.
 */
import BetterSqlite3 from "better-sqlite3";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { DUMP_FORMAT, DUMP_FORMAT_VERSION, GZIP_MAGIC, SQLITE_MAGIC, type DumpHeader } from "./dump-format.js";
import { StoreError } from "./errors.js";
import { TABLES, type TableRow, type TableSpec } from "./tables.js";

export interface BackupBatch {
  readonly table: TableSpec;
  readonly rows: TableRow[];
}

export interface BackupSource {
  readonly kind: "sqlite" | "dump";
  readonly schemaVersion: string | null;
  /** Every row, table by table in `TABLES` order; empty tables yield nothing. */
  batches(): AsyncGenerator<BackupBatch>;
  close(): void;
}

const BATCH_ROWS = 20_000;

function unreadable(file: string, problem: string, cause?: unknown): StoreError {
  return new StoreError("BACKUP_UNREADABLE", `${file}: ${problem}`, { file }, cause === undefined ? undefined : { cause });
}

async function firstBytes(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    throw unreadable(file, code === "ENOENT" ? "no such file" : `cannot be read (${code ?? String(cause)})`, cause);
  }
  try {
    const buffer = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buffer, 0, 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function sqliteSource(file: string): BackupSource {
  let native: BetterSqlite3.Database;
  let version: string | null;
  try {
    native = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const hasMigrations = native.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get() !== undefined;
    version = hasMigrations ? ((native.prepare("select max(name) from kysely_migration").pluck().get() as string | null) ?? null) : null;
  } catch (cause) {
    throw unreadable(file, `not a readable SQLite database (${(cause as Error).message})`, cause);
  }
  if (version === null) {
    native.close();
    throw unreadable(file, "is a SQLite database but not one of ours (it has no migration history)");
  }
  return {
    kind: "sqlite",
    schemaVersion: version,
    async *batches() {
      for (const table of TABLES) {
        const columns = table.columns.map((c) => `"${c}"`).join(", ");
        const statement = native.prepare(`select ${columns} from "${table.name}" order by ${table.key.map((k) => `"${k}"`).join(", ")}`).raw(true);
        let rows: TableRow[] = [];
        for (const row of statement.iterate() as IterableIterator<TableRow>) {
          rows.push(row);
          if (rows.length === BATCH_ROWS) {
            yield { table, rows };
            rows = [];
          }
        }
        if (rows.length > 0) yield { table, rows };
      }
    },
    close: () => native.close(),
  };
}

function parseLine(file: string, line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch (cause) {
    throw unreadable(file, `line ${number} is not JSON (${(cause as Error).message})`, cause);
  }
}

async function dumpSource(file: string): Promise<BackupSource> {
  const raw = createReadStream(file);
  const text = raw.pipe(createGunzip());
  const reader = createInterface({ input: text, crlfDelay: Infinity });
  const lines = reader[Symbol.asyncIterator]();
  let number = 0;
  const next = async (): Promise<unknown> => {
    let result: IteratorResult<string>;
    try {
      result = await lines.next();
    } catch (cause) {
      throw unreadable(file, `damaged gzip data after line ${number} (${(cause as Error).message})`, cause);
    }
    if (result.done) throw unreadable(file, `ends after line ${number}: the dump is truncated`);
    number++;
    return parseLine(file, result.value, number);
  };
  const header = (await next()) as Partial<DumpHeader>;
  if (header?.format !== DUMP_FORMAT) throw unreadable(file, "is neither a SQLite database nor a portfolio-opt dump");
  if (header.formatVersion !== DUMP_FORMAT_VERSION) {
    throw unreadable(file, `dump format version ${header.formatVersion} is not one this program reads (${DUMP_FORMAT_VERSION})`);
  }
  return {
    kind: "dump",
    schemaVersion: header.schemaVersion ?? null,
    async *batches() {
      const counts: Record<string, number> = {};
      for (const table of TABLES) {
        const start = (await next()) as { table?: string; columns?: string[] };
        if (start?.table !== table.name || JSON.stringify(start.columns) !== JSON.stringify(table.columns)) {
          throw unreadable(file, `line ${number}: expected table ${table.name} with columns ${table.columns.join(", ")}`);
        }
        let rows: TableRow[] = [];
        let count = 0;
        for (;;) {
          const item = await next();
          if (!Array.isArray(item)) {
            const end = item as { end?: string; rows?: number };
            if (end?.end !== table.name || end.rows !== count) throw unreadable(file, `line ${number}: table ${table.name} does not end as declared`);
            break;
          }
          if (item.length !== table.columns.length) throw unreadable(file, `line ${number}: a ${table.name} row needs ${table.columns.length} values`);
          rows.push(item);
          count++;
          if (rows.length === BATCH_ROWS) {
            yield { table, rows };
            rows = [];
          }
        }
        if (rows.length > 0) yield { table, rows };
        counts[table.name] = count;
      }
      const footer = (await next()) as { end?: string; rows?: Record<string, number> };
      if (footer?.end !== "dump" || JSON.stringify(footer.rows) !== JSON.stringify(counts)) {
        throw unreadable(file, `line ${number}: the dump's closing line is missing or disagrees with its contents`);
      }
    },
    close: () => {
      reader.close();
      text.destroy();
      raw.destroy();
    },
  };
}

/** Opens `file` as a backup of either kind. @throws BACKUP_UNREADABLE */
export async function openBackupSource(file: string): Promise<BackupSource> {
  const head = await firstBytes(file);
  if (head.length >= SQLITE_MAGIC.length && head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return sqliteSource(file);
  if (head.length >= 2 && head.subarray(0, 2).equals(GZIP_MAGIC)) return dumpSource(file);
  throw unreadable(file, "is neither a SQLite database nor a portfolio-opt dump");
}
