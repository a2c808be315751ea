/**
 * The systemd units pass `systemd-analyze verify` — offline, on a copy whose /opt/portfolio-opt
 * paths point at this checkout, since verify insists that every ExecStart binary exists — with no
 * warning at all (verify exits 0 on an unknown key or a bad value, so its output is checked too).
 * A broken copy must fail, or the check proves nothing. The backup script is run for real:
 * one backup of a SQLite store, then rotation.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { openDatabase } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { projectPath } from "../support/reference.js";
import { builtCliMissing, skipUnless, toolUnavailable } from "./support.js";

const run = promisify(execFile);
const UNITS_DIR = projectPath("deploy", "systemd");
const UNIT_FILES = readdirSync(UNITS_DIR).filter((f) => /\.(service|timer)$/.test(f));
/** What an administrator enables: instances of the templates, the backup service and its timer. */
const ENABLED = ["portfolio-api@3001.service", "portfolio-api@3002.service", "portfolio-worker@1.service", "portfolio-backup.service", "portfolio-backup.timer"];

const missing = toolUnavailable("systemd-analyze", "apt-get install systemd");

/** The units in a temporary directory with the install path rewritten to this checkout; `edit` may break one. */
function unitsCopy(edit?: (name: string, text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "portfolio-units-"));
  for (const name of UNIT_FILES) {
    const text = readFileSync(join(UNITS_DIR, name), "utf8").replaceAll("/opt/portfolio-opt", projectPath("."));
    writeFileSync(join(dir, name), edit === undefined ? text : edit(name, text));
  }
  return dir;
}

async function verify(dir: string, units: readonly string[]): Promise<{ code: number; output: string }> {
  try {
    // --man=no: Documentation= points at our docs, not at man pages; generators need root.
    const { stdout, stderr } = await run("systemd-analyze", ["verify", "--man=no", "--generators=no", ...units.map((u) => join(dir, u))], { cwd: dir });
    return { code: 0, output: `${stdout}${stderr}`.trim() };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}`.trim() };
  }
}

/** Lines of verify's output about our files (it may also talk about the host's own units). */
const aboutOurs = (output: string): string[] => output.split("\n").filter((line) => /portfolio-/.test(line));

describe("systemd units", { skip: skipUnless(missing, "systemd unit verification") }, () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const copy = (edit?: (name: string, text: string) => string) => {
    const dir = unitsCopy(edit);
    dirs.push(dir);
    return dir;
  };

  test("systemd-analyze verify passes on every unit, without a warning", async () => {
    assert.deepEqual(UNIT_FILES.sort(), ["portfolio-api@.service", "portfolio-backup.service", "portfolio-backup.timer", "portfolio-worker@.service"]);
    const result = await verify(copy(), ENABLED);
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(aboutOurs(result.output), [], result.output);
  });

  test("a broken unit fails: missing binary (exit code) and a misspelt setting (warning)", async () => {
    const noBinary = await verify(copy((name, text) => (name === "portfolio-worker@.service" ? text.replace("/usr/bin/node", "/usr/bin/no-such-node") : text)), ENABLED);
    assert.notEqual(noBinary.code, 0, noBinary.output);
    assert.match(noBinary.output, /no-such-node/);
    const badValue = await verify(copy((name, text) => (name === "portfolio-api@.service" ? text.replace("Restart=on-failure", "Restart=sometimes") : text)), ENABLED);
    assert.match(aboutOurs(badValue.output).join("\n"), /portfolio-api@\.service:\d+: .*sometimes/, badValue.output);
    const badTimer = await verify(copy((name, text) => (name === "portfolio-backup.timer" ? text.replace("OnCalendar=*-*-* 03:15:00", "OnCalendar=nightly at three") : text)), ENABLED);
    assert.ok(badTimer.code !== 0 || aboutOurs(badTimer.output).length > 0, badTimer.output);
  });

  test("hardening: restart on failure, no new privileges, read-only system, one writable state directory", () => {
    for (const name of ["portfolio-api@.service", "portfolio-worker@.service", "portfolio-backup.service"]) {
      const text = readFileSync(join(UNITS_DIR, name), "utf8");
      for (const setting of ["NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "User=portfolio", "StateDirectory=portfolio-opt", "CapabilityBoundingSet="]) {
        assert.ok(text.includes(`\n${setting}\n`), `${name} lacks ${setting}`);
      }
      if (name !== "portfolio-backup.service") assert.match(text, /\nRestart=on-failure\n/, name);
    }
    const timer = readFileSync(join(UNITS_DIR, "portfolio-backup.timer"), "utf8");
    assert.match(timer, /\nOnCalendar=\*-\*-\* \d\d:\d\d:\d\d\n/);
    assert.match(timer, /\nPersistent=true\n/);
  });
});

describe("the backup script", { skip: skipUnless(builtCliMissing(), "the backup script") }, () => {
  let dir = "";
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "portfolio-backup-script-"));
    const store = await openDatabase(`sqlite:${join(dir, "portfolio.db")}`);
    await migrateToLatest(store.db);
    await store.db.insertInto("assets").values({ ticker: "AAA", name: "A", currency: "USD", exchange: null, sector: null }).execute();
    await store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("writes a new backup and keeps only the newest BACKUP_KEEP", async () => {
    const backups = join(dir, "backups");
    const script = projectPath("deploy", "systemd", "portfolio-backup.sh");
    // Three older backups, and a file that is not ours (rotation must leave it alone).
    await run("mkdir", ["-p", backups]);
    for (const stamp of ["2020-01-01T03-15-00Z", "2020-01-02T03-15-00Z", "2020-01-03T03-15-00Z"]) {
      copyFileSync(join(dir, "portfolio.db"), join(backups, `portfolio-${stamp}.sqlite`));
    }
    writeFileSync(join(backups, "notes.txt"), "keep me");
    utimesSync(join(backups, "notes.txt"), new Date(0), new Date(0));
    const { stdout } = await run(script, [], {
      env: { ...process.env, BACKUP_DIR: backups, BACKUP_KEEP: "2", PORTFOLIO_HOME: projectPath("."), NODE: process.execPath, DATABASE_URL: `sqlite:${join(dir, "portfolio.db")}` },
    });
    const left = readdirSync(backups).sort();
    assert.equal(left.length, 3, `${stdout}\n${left.join("\n")}`);
    assert.equal(left[0], "notes.txt");
    assert.equal(left[1], "portfolio-2020-01-03T03-15-00Z.sqlite", "the newest older backup stays");
    assert.match(left[2], /^portfolio-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/);
    assert.match(stdout, /removed portfolio-2020-01-01T03-15-00Z\.sqlite/);
    const copy = await openDatabase(`sqlite:${join(backups, left[2])}`, { readonly: true });
    try {
      assert.equal((await copy.db.selectFrom("assets").selectAll().execute()).length, 1);
    } finally {
      await copy.close();
    }
  });

  test("refuses a bad BACKUP_KEEP before touching anything", async () => {
    const script = projectPath("deploy", "systemd", "portfolio-backup.sh");
    await assert.rejects(run(script, [], { env: { ...process.env, BACKUP_DIR: join(dir, "other"), BACKUP_KEEP: "none" } }), /BACKUP_KEEP must be a positive integer/);
  });
});
