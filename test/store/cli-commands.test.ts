/**
 * `portfolio migrate | backup | restore`, run in-process the way src/cli/main.ts runs every command
 * (commander with exitOverride, errors through reportError), so exit codes and stderr are the real ones.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { registerBackup } from "../../src/cli/commands/backup.js";
import { registerMigrate } from "../../src/cli/commands/migrate.js";
import { registerRestore } from "../../src/cli/commands/restore.js";
import { reportError } from "../../src/cli/exit-codes.js";
import type { CliIo } from "../../src/cli/main.js";
import { defaultBackupFile } from "../../src/store/backup.js";
import { openDatabase } from "../../src/store/database.js";
import { createPriceRepository } from "../../src/store/price-repository.js";
import { row } from "./price-rows.js";

const dir = mkdtempSync(join(tmpdir(), "portfolio-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const program = new Command("portfolio")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`portfolio: ${text.trim()}\n`) });
  registerMigrate(program, io);
  registerBackup(program, io);
  registerRestore(program, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  try {
    await program.parseAsync(["node", "portfolio", ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const code = reportError(error, (line) => io.stderr(`${line}\n`));
    return { code, stdout, stderr };
  }
}

describe("portfolio migrate / backup / restore", () => {
  const source = `sqlite:${join(dir, "source.db")}`;
  const target = `sqlite:${join(dir, "target.db")}`;
  const backupFile = join(dir, "out", "copy.sqlite");

  it("migrate applies the schema once and then reports it is current", async () => {
    const first = await run("migrate", "--database-url", source);
    assert.deepEqual([first.code, first.stderr], [0, ""]);
    assert.match(first.stdout, /^sqlite .*source\.db: applied 2026-11-25-initial, 2026-11-25-service; now at schema 2026-11-25-service\n$/);
    const second = await run("migrate", "--database-url", source);
    assert.match(second.stdout, /already at schema 2026-11-25-service\n$/);
  });

  it("backup writes one line naming the file, and restore refuses a non-empty target without --force", async () => {
    const store = await openDatabase(source);
    await createPriceRepository(store).upsertPrices([row("A", "2024-01-02", 1), row("A", "2024-01-03", 2)]);
    await store.close();

    const backup = await run("backup", backupFile, "--database-url", source);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /^backed up sqlite .* to .*copy\.sqlite \(sqlite, \d+ bytes: 1 assets, 2 prices, 0 portfolios/);
    assert.ok(existsSync(backupFile));

    const restored = await run("restore", backupFile, "--database-url", target);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /^restored .*copy\.sqlite \(sqlite, schema 2026-11-25-service\) into sqlite .*target\.db: 1 assets, 2 prices/);

    const again = await run("restore", backupFile, "--database-url", target);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /^portfolio: error \[TARGET_NOT_EMPTY\]: the target database is not empty \(assets: 1 rows, prices: 2 rows\).*--force.*\n$/);
    assert.equal(again.stderr.split("\n").length, 2, "one line on stderr");
    const forced = await run("restore", backupFile, "--force", "--database-url", target);
    assert.equal(forced.code, 0, forced.stderr);
  });

  it("exits 2 with one stderr line on bad input", async () => {
    const cases: [string[], RegExp][] = [
      [["migrate", "--database-url", "mysql://localhost/x"], /\[INVALID_DATABASE_URL\]/],
      [["restore", join(dir, "nope.bak"), "--database-url", target], /\[BACKUP_UNREADABLE\].*no such file/],
      [["backup", backupFile, "--database-url", source], /\[BACKUP_FILE_EXISTS\]/],
      [["backup", "--format", "tar", "--database-url", source], /argument 'tar' is invalid/],
      [["restore"], /missing required argument 'file'/],
    ];
    for (const [args, message] of cases) {
      const result = await run(...args);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
    }
  });

  it("names default backup files by time and kind", () => {
    const at = new Date("2026-11-25T08:39:59.189Z");
    assert.equal(defaultBackupFile("sqlite", at), "backups/portfolio-2026-11-25T08-39-59Z.sqlite");
    assert.equal(defaultBackupFile("dump", at), "backups/portfolio-2026-11-25T08-39-59Z.jsonl.gz");
  });
});
