/**
 * Exit codes and the one-line error report shared by every command. A client's mistake (bad file,
 * bad option, infeasible request) is exit 2 with one line on stderr; anything else is a bug: exit 1.
 */
import { CommanderError } from "commander";

export const EXIT_OK = 0;
export const EXIT_BUG = 1;
export const EXIT_USAGE = 2;

interface CodedError {
  readonly code: string;
  readonly message: string;
}

/** Errors from our catalogues (core, data, service) carry a stable upper-case `code`. */
function isCodedError(error: unknown): error is CodedError {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code);
}

/** Writes the one-line report for `error` and returns the exit code it deserves. */
export function reportError(error: unknown, write: (line: string) => void): number {
  if (error instanceof CommanderError) {
    // commander has already printed its own message for usage errors; help and version are not errors.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (isCodedError(error)) {
    write(`portfolio: error [${error.code}]: ${oneLine(error.message)}`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`portfolio: internal error: ${oneLine(message)} (please report this)`);
  return EXIT_BUG;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, "; ");
}

/** A combination of options that commander cannot check by itself (a model missing its target…). */
export class UsageError extends Error {
  readonly code = "INVALID_ARGUMENT";
}
