/**
 * What the deployment tests share: the repository's files, the configuration's variable names,
 * the CLI as a user runs it (`node bin/portfolio.js …`, from the build), servers started as child
 * processes, and whether a system tool (nginx, systemd-analyze) is here. A missing tool skips its
 * suite with a message saying what to install — except under CI (CI=true), where the suite runs
 * and fails.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { loadConfig } from "../../src/config/index.js";
import { projectPath } from "../support/reference.js";

export const IN_CI = process.env.CI === "true" || process.env.CI === "1";
export const CLI = projectPath("bin", "portfolio.js");

export const repoFile = (path: string): string => readFileSync(projectPath(path), "utf8");

/**
 * The environment variables the configuration reads, found by watching `loadConfig` read them:
 * whatever it looks up in the environment it is given is a name it knows.
 */
export function configVariables(): ReadonlySet<string> {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, key) {
      if (typeof key === "string") read.add(key);
      return undefined;
    },
  });
  loadConfig(env);
  return read;
}

/** Why `tool` cannot run here (with what to install), or undefined when it can. */
export function toolUnavailable(tool: string, install: string): string | undefined {
  const found = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (found.error === undefined) return undefined;
  return `${tool} is not installed (${install})`;
}

/** The `skip` option for a suite that needs what `reason` says is missing: never under CI. */
export function skipUnless(reason: string | undefined, what: string): string | false {
  if (reason === undefined) return false;
  if (IN_CI) return false;
  console.log(`# skipping ${what}: ${reason}`);
  return reason;
}

const execFileAsync = promisify(execFile);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/portfolio.js …args` to completion. */
export async function runPortfolio(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], {
      cwd: projectPath("."),
      env: { ...process.env, ...env },
      timeout: timeoutMs,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? String(error) };
  }
}

export interface ChildServer {
  readonly child: ChildProcess;
  /** Lines written so far (stdout and stderr), for failure messages and log counts. */
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  /** Resolves with the first line matching `pattern`; rejects if the process exits first or after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a long-running child (a server, a worker, nginx) and follows its output line by line. */
export function startChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = projectPath(".")): ChildServer {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onLine = (line: string): void => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  createInterface({ input: child.stdout! }).on("line", onLine);
  createInterface({ input: child.stderr! }).on("line", onLine);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });
  return {
    child,
    lines,
    exited,
    waitForLine(pattern, timeoutMs = 20_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms from ${command} ${args.join(" ")}:\n${lines.join("\n")}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${command} ${args.join(" ")} exited (${code}) before printing ${pattern}:\n${lines.join("\n")}`));
        });
      });
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `portfolio serve` on `port` (0: a free one); resolves with the base URL once it listens. */
export async function startServe(env: NodeJS.ProcessEnv, port = 0): Promise<{ server: ChildServer; base: string }> {
  const server = startChild(process.execPath, [CLI, "serve", "--host", "127.0.0.1", "--port", String(port)], { LOG_LEVEL: "info", ...env });
  const line = await server.waitForLine(/serving on http:\/\/[^\s]+/, 30_000);
  const base = /serving on (http:\/\/[^\s]+?)[\s(]/.exec(`${line} `)?.[1];
  if (base === undefined) throw new Error(`cannot read the address from: ${line}`);
  return { server, base };
}

/** Whether the built CLI exists (the tests run the build, as a user does; `npm test` builds first). */
export function builtCliMissing(): string | undefined {
  return existsSync(projectPath("dist", "cli", "main.js")) ? undefined : "dist/ is not built: run `npm run build` (npm test does it first)";
}
