/**
 * `portfolio migrate`: brings the database (DATABASE_URL, or --database-url) to the latest schema.
 * The server also migrates on start; this command is for deployments that migrate as a step.
 */
import type { Command } from "commander";
import { migrateToLatest, openDatabase } from "../../store/index.js";
import type { CliIo } from "../main.js";

interface MigrateOptions {
  databaseUrl?: string;
}

export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command("migrate")
    .description("apply pending database migrations (DATABASE_URL, default sqlite:./data/portfolio.db)")
    .option("--database-url <url>", "the database to migrate instead of DATABASE_URL")
    .action(async (options: MigrateOptions) => {
      const store = await openDatabase(options.databaseUrl);
      try {
        const report = await migrateToLatest(store.db);
        io.stdout(
          report.applied.length === 0
            ? `${store.dialect} ${store.location}: already at schema ${report.schemaVersion}\n`
            : `${store.dialect} ${store.location}: applied ${report.applied.join(", ")}; now at schema ${report.schemaVersion}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
