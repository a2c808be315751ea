/**
 * `portfolio backup [FILE]`: a consistent backup of the running database — a SQLite file for
 * SQLite, our own dump for PostgreSQL (restorable with `portfolio restore`, no pg_dump needed).
 */
import { Option, type Command } from "commander";
import { backupDatabase, defaultBackupFile, defaultBackupFormat, openDatabase, type BackupFormat } from "../../store/index.js";
import type { CliIo } from "../main.js";

interface BackupCommandOptions {
  databaseUrl?: string;
  format?: BackupFormat;
  overwrite?: boolean;
}

export function registerBackup(program: Command, io: CliIo): void {
  program
    .command("backup")
    .description("write a consistent backup of the database (default file backups/portfolio-<time>.<ext>)")
    .argument("[file]", "where to write the backup")
    .addOption(new Option("--format <format>", "sqlite (SQLite databases only) or dump").choices(["sqlite", "dump"]))
    .option("--overwrite", "replace FILE if it exists")
    .option("--database-url <url>", "the database to back up instead of DATABASE_URL")
    .action(async (file: string | undefined, options: BackupCommandOptions) => {
      const store = await openDatabase(options.databaseUrl);
      try {
        const format = options.format ?? defaultBackupFormat(store);
        const report = await backupDatabase(store, file ?? defaultBackupFile(format), { format, overwrite: options.overwrite });
        const rows = Object.entries(report.rows).map(([table, n]) => `${n} ${table}`).join(", ");
        io.stdout(`backed up ${store.dialect} ${store.location} to ${report.file} (${report.format}, ${report.bytes} bytes: ${rows})\n`);
      } finally {
        await store.close();
      }
    });
}
