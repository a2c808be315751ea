/**
 * `portfolio backtest --prices FILE --model M[,M2…]`: walk-forward backtests of one or more models over
 * the same dates, beside the benchmarks. `--json` prints the documented contract (README,
 * "portfolio backtest --json"); otherwise a side-by-side table. A progress bar goes to stderr only
 * when stderr is a terminal and the run lasts more than a second.
 */
import { Command } from "commander";
import { backtestPortfolio, type BacktestReport } from "../../service/index.js";
import { addBacktestOptions, backtestRequest, type BacktestCliOptions } from "../backtest-options.js";
import { formatBacktest } from "../format-backtest.js";
import type { CliIo } from "../main.js";
import { progressBar, silentProgressBar } from "../progress-bar.js";

/**
 * What the backtest command reads of its output streams besides `CliIo`: whether stderr is a
 * terminal (absent: it is not, so captured output never gets a bar) and its width.
 */
export interface BacktestIo extends CliIo {
  readonly stderrIsTTY?: boolean;
  readonly stderrColumns?: number;
}

/** The `--json` body: the service's report as is (see README for the contract). */
function jsonBody(report: BacktestReport): unknown {
  return {
    tickers: report.tickers,
    start: report.start,
    end: report.end,
    periodsPerYear: report.periodsPerYear,
    runs: report.runs,
    benchmarks: report.benchmarks,
  };
}

export function registerBacktest(program: Command, io: BacktestIo): void {
  const command = program
    .command("backtest")
    .description("walk-forward backtest of one or more models, with costs, benchmarks and performance metrics");
  addBacktestOptions(command).action(async (options: BacktestCliOptions) => {
    const request = await backtestRequest(options);
    const bar = io.stderrIsTTY === true ? progressBar({ write: io.stderr, columns: io.stderrColumns, label: "backtest" }) : silentProgressBar();
    let report: BacktestReport;
    try {
      report = await backtestPortfolio({ ...request, onProgress: (fraction, info) => bar.update(fraction, info.date) });
    } finally {
      bar.done();
    }
    io.stdout(options.json ? `${JSON.stringify(jsonBody(report))}\n` : formatBacktest(report, options.prices));
  });
}
