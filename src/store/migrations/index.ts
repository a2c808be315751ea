/**
 * Every migration, by name, in a static list: no directory scan, so the same code runs from
 * `src/` under tsx and from `dist/` after the build. Add a new migration here with its ISO-date name.
 */
import type { Migration } from "kysely";
import * as initial from "./2026-11-25-initial.js";
import * as service from "./2026-11-25-service.js";

export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  "2026-11-25-initial": initial,
  "2026-11-25-service": service,
});
