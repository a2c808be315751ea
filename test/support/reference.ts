/**
 * Reads the shared reference data in place (`../shared/reference/` beside the project). These files are
 * the truth our numbers must match; they are never copied into the project.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Absolute path of a file under `../shared/reference/`. */
export function referencePath(...parts: string[]): string {
  return join(projectRoot, "..", "shared", "reference", ...parts);
}

/** Parsed JSON from `../shared/reference/`. */
export function referenceJson<T = Record<string, unknown>>(...parts: string[]): T {
  return JSON.parse(readFileSync(referencePath(...parts), "utf8")) as T;
}

export interface PypfoptFact {
  readonly id: string;
  readonly what: string;
  readonly settings: string;
  readonly value: unknown;
  readonly tolerance: string;
  readonly inputs?: Record<string, unknown>;
  readonly note?: string;
}

/** One of PyPortfolioOpt's asserted facts from `pypfopt_expected.json`, by id. */
export function pypfoptFact(id: string): PypfoptFact {
  const facts = referenceJson<{ facts: PypfoptFact[] }>("pypfopt_expected.json").facts;
  const fact = facts.find((f) => f.id === id);
  if (fact === undefined) throw new Error(`no PyPortfolioOpt fact with id ${id}`);
  return fact;
}

export const projectPath = (...parts: string[]): string => join(projectRoot, ...parts);
