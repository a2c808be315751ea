/**
 * `portfolio worker` as a file to run directly — `node dist/jobs/worker-main.js [options]`, or
 * `node --import tsx src/jobs/worker-main.ts` from the sources (the tests start workers this way):
 * the same command, options and exit codes as the CLI.
 */
import { Command } from "commander";
import { registerWorker } from "../cli/commands/worker.js";
import { reportError } from "../cli/exit-codes.js";

const io = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };
const program = new Command("portfolio").exitOverride();
registerWorker(program, io);
try {
  await program.parseAsync(["worker", ...process.argv.slice(2)], { from: "user" });
} catch (error) {
  process.exitCode = reportError(error, (line) => io.stderr(`${line}\n`));
}
// Everything is closed by now; a handle some library left open must not keep the process alive.
setTimeout(() => process.exit(), 5000).unref();
