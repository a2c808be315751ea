/**
 * `portfolio restore FILE [--force]`: a backup of either kind into the database of either engine
 * (so `DATABASE_URL=postgres://… portfolio restore backups/x.sqlite` moves a SQLite install to
 * PostgreSQL). Refuses a database that already holds data unless --force.
 */
import type { Command } from "commander";
import { openDatabase, restoreDatabase } from "../../store/index.js";
import type { CliIo } from "../main.js";

interface RestoreCommandOptions {
  databaseUrl?: string;
  force?: boolean;
}

export function registerRestore(program: Command, io: CliIo): void {
  program
    .command("restore")
    .description("restore a backup (SQLite file or dump) into an empty database")
    .argument("<file>", "the backup to read")
    .option("--force", "replace the target database's contents instead of refusing")
    .option("--database-url <url>", "the database to restore into instead of DATABASE_URL")
    .action(async (file: string, options: RestoreCommandOptions) => {
      const store = await openDatabase(options.databaseUrl);
      try {
        const report = await restoreDatabase(store, file, { force: options.force });
        const rows = Object.entries(report.rows).map(([table, n]) => `${n} ${table}`).join(", ");
        io.stdout(`restored ${file} (${report.format}, schema ${report.schemaVersion}) into ${store.dialect} ${store.location}: ${rows}\n`);
      } finally {
        await store.close();
      }
    });
}
