/**
 * `npm run bench`: every benchmark topic, one after the other in this process, so ours and the peers run
 * on the same machine state; then the targets, PASS or MISS. Add a topic as one file and one line here.
 */
import { cpus, loadavg } from "node:os";
import { crossProductKernel } from "../src/core/kernels/index.js";
import { benchCovariance, formatMs, type TargetCheck } from "./covariance.js";
import { benchAllocation } from "./allocation.js";
import { benchApiLoad } from "./api-load.js";
import { benchAllocators } from "./allocators.js";
import { benchBacktest } from "./backtest.js";
import { benchModels } from "./models.js";
import { benchRiskMeasures } from "./risk-measures.js";
import { benchOptimizers } from "./optimizers.js";
import { benchStore } from "./store.js";
import { benchWeb } from "./web.js";
import { performance } from "node:perf_hooks";

const started = performance.now();
console.log(
  `portfolio-opt bench · Node ${process.version} · ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length} · ` +
    `cross-product kernel: ${crossProductKernel()}`,
);
// Timings are only comparable on an idle machine; say so when something else is competing for the cores.
const load = loadavg()[0];
console.log(
  `load average (1 min) ${load.toFixed(2)}` +
    (load >= 0.5 ? " — other processes are running: expect noisy, slower numbers; rerun on an idle machine" : "") +
    "\n",
);

// `npm run bench -- optimizers store` runs only the topics named.
const topics: [string, () => TargetCheck[] | Promise<TargetCheck[]>][] = [
  ["covariance", benchCovariance],
  ["optimizers", benchOptimizers],
  ["models", benchModels],
  ["store", benchStore],
  ["allocators", benchAllocators],
  ["backtest", benchBacktest],
  ["risk-measures", benchRiskMeasures],
  ["allocation", benchAllocation],
  ["web", benchWeb],
  ["api-load", benchApiLoad],
];
const wanted = process.argv.slice(2);
const checks: TargetCheck[] = [];
for (const [name, run] of topics) if (wanted.length === 0 || wanted.includes(name)) checks.push(...(await run()));

console.log("Targets:");
for (const check of checks) console.log(`  ${check.pass ? "PASS" : "MISS"}  ${check.text}`);
console.log(`\nbench took ${formatMs(performance.now() - started)}`);
