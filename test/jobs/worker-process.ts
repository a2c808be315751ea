/**
 * `portfolio worker` processes for the BullMQ tests, started from the sources (src/jobs/worker-main.ts
 * under tsx) and followed through their JSON log lines: when they are ready, which jobs they start.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { projectPath } from "../support/reference.js";

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Job ids whose attempts this worker started, in order. */
  readonly started: number[];
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  /** Everything it wrote, for failure messages. */
  output(): string;
}

export interface WorkerProcessOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly args?: readonly string[];
}

export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      projectPath("src/jobs/worker-main.ts"),
      "--database-url",
      options.databaseUrl,
      "--redis-url",
      options.redisUrl,
      "--queue-prefix",
      options.prefix,
      ...(options.args ?? []),
    ],
    { cwd: projectPath("."), env: { ...process.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const started: number[] = [];
  const lines: string[] = [];
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    try {
      const entry = JSON.parse(line) as { msg?: string; jobId?: number };
      if (entry.msg === "worker ready") markReady();
      if (entry.msg === "job started" && typeof entry.jobId === "number") started.push(entry.jobId);
    } catch {
      // not a log line
    }
  });
  createInterface({ input: child.stderr! }).on("line", (line) => lines.push(`stderr: ${line}`));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(() => failReady(new Error(`worker exited before it was ready:\n${lines.join("\n")}`)));
  return { child, started, ready, exited, output: () => lines.join("\n") };
}
