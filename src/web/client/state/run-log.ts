/// <reference lib="dom" />
/**
 * The runs made from this browser, newest first, so History can list them even when they belong to
 * no saved portfolio (the API lists runs per portfolio). Only ids and labels are kept; the runs
 * themselves are always read back from the API.
 */
export interface LoggedRun {
  readonly kind: "optimization" | "backtest";
  /** Result id (optimization) or job id (backtest). */
  readonly id: number;
  readonly label: string;
  readonly createdAt: string;
  readonly tickers: readonly string[];
}

const KEY = "portfolio.runs";
const LIMIT = 200;

export function loggedRuns(): LoggedRun[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? "[]") as unknown;
    return Array.isArray(parsed) ? (parsed as LoggedRun[]) : [];
  } catch {
    return [];
  }
}

function save(runs: readonly LoggedRun[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(runs.slice(0, LIMIT)));
  } catch {
    // storage full or unavailable: history still lists the portfolios' runs from the API
  }
}

export function logRun(run: LoggedRun): void {
  save([run, ...loggedRuns().filter((r) => !(r.kind === run.kind && r.id === run.id))]);
}

export function forgetRun(kind: LoggedRun["kind"], id: number): void {
  save(loggedRuns().filter((r) => !(r.kind === kind && r.id === id)));
}
