/**
 * Loaded before every test file (scripts/run-tests.mjs): property tests explore from a fixed seed, so a
 * run is reproducible and CI is deterministic. `FC_SEED=<n>` replays another seed; `FC_SEED=random`
 * explores afresh (the seed is printed by fast-check when a property fails).
 */
import fc from "fast-check";

const requested = process.env.FC_SEED;
const seed = requested === "random" ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(requested ?? 20261125);
fc.configureGlobal({ seed });
