/**
 * `portfolio …`: parse, call one service function, print, exit. No maths here.
 */
import { Command } from "commander";
import { createRequire } from "node:module";
import { registerAllocate } from "./commands/allocate.js";
import { registerBacktest } from "./commands/backtest.js";
import { registerBackup } from "./commands/backup.js";
import { registerData } from "./commands/data.js";
import { registerFrontier } from "./commands/frontier.js";
import { registerKeys } from "./commands/keys.js";
import { registerMigrate } from "./commands/migrate.js";
import { registerOptimize } from "./commands/optimize.js";
import { registerRestore } from "./commands/restore.js";
import { registerServe } from "./commands/serve.js";
import { registerStats } from "./commands/stats.js";
import { registerWorker } from "./commands/worker.js";
import { EXIT_OK, reportError } from "./exit-codes.js";

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** A terminal on stderr gets progress bars; tests and pipes never do. */
  readonly stderrIsTTY?: boolean;
  readonly stderrColumns?: number;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  stderrColumns: process.stderr.columns,
};

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("../../package.json") as { version: string }).version;
}

/** Builds the command tree; `io` lets tests capture the output. */
export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command("portfolio")
    .description("Portfolio optimization: estimate returns and risk, optimize, backtest and allocate.")
    .version(packageVersion(), "-V, --version")
    .configureOutput({
      writeOut: io.stdout,
      // commander's usage errors are one line already ("error: unknown option '--x'").
      writeErr: io.stderr,
      outputError: (text, write) => write(`portfolio: ${text.trim()}\n`),
    })
    .exitOverride();
  registerStats(program, io);
  registerOptimize(program, io);
  registerFrontier(program, io);
  registerBacktest(program, io);
  registerAllocate(program, io);
  registerData(program, io);
  registerMigrate(program, io);
  registerBackup(program, io);
  registerRestore(program, io);
  registerServe(program, io);
  registerWorker(program, io);
  registerKeys(program, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Runs the CLI on `argv` (as `process.argv`) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    return reportError(error, (line) => io.stderr(`${line}\n`));
  }
}
