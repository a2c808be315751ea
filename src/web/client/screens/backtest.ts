/// <reference lib="dom" />
/**
 * Backtest: submit (POST /backtests → 202 with a job id), follow the job on the websocket with a
 * progress bar, then fetch GET /jobs/:id/result and draw it. `#/backtest?job=ID` reopens a finished
 * job; `?result=ID` a stored backtest run.
 */
import { backtestView } from "../analysis/backtest-view.js";
import { cancelJob, jobResult, submitBacktest } from "../api/endpoints.js";
import { getBacktest } from "../api/saved-runs.js";
import { isMissingEndpoint } from "../api/http.js";
import { watchJob, type JobWatch } from "../api/job-socket.js";
import { cachedAssets } from "../api/price-cache.js";
import { h, replace } from "../ui/dom.js";
import { errorBox, loading, notice } from "../ui/status.js";
import { navigate, updateParams } from "../state/url-state.js";
import { rememberSelection } from "../state/selection.js";
import { universeTickers } from "./optimize.js";
import { backtestForm } from "./backtest-form.js";
import { renderBacktestResult } from "./backtest-results.js";
import { backtestBody, backtestFromParams, backtestToParams, defaultWindow, type BacktestSettings } from "./backtest-settings.js";

let active: JobWatch | null = null;

function progressLine(): { element: HTMLElement; set(fraction: number, message?: string): void } {
  const bar = h("progress", { max: "100", value: "0", "data-testid": "backtest-progress", "aria-label": "Backtest progress" });
  const label = h("span", { "data-testid": "backtest-progress-label" }, "0%");
  const text = h("span", { class: "hint" });
  return {
    element: h("div", { class: "panel" }, h("div", { class: "progress-line" }, bar, label), text),
    set(fraction, message) {
      const pct = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
      bar.value = pct;
      label.textContent = `${pct}%`;
      if (message) text.textContent = message;
    },
  };
}

function unavailable(target: HTMLElement): void {
  replace(target, notice("Backtests are not available on this server yet (the API answered 404 for /api/v1/backtests).", "warning"));
}

async function showJob(target: HTMLElement, jobId: number, title: string): Promise<void> {
  const result = await jobResult(jobId);
  renderBacktestResult(target, backtestView(result), title);
}

export async function renderBacktest(main: HTMLElement, params: URLSearchParams): Promise<void> {
  active?.stop();
  replace(main, loading("Loading…"));
  const [tickers, assets] = await Promise.all([universeTickers(), cachedAssets().catch(() => [])]);
  if (tickers.length === 0) {
    replace(main, notice("Pick some assets first."), h("button", { type: "button", onclick: () => navigate("universe") }, "Go to Universe"));
    return;
  }
  const indexes = assets.filter((a) => a.sector === "Index").map((a) => a.ticker);
  const window = defaultWindow(assets.filter((a) => tickers.includes(a.ticker)).map((a) => a.lastDate));
  const settings = backtestFromParams(params, tickers, { benchmark: indexes[0] ?? "", ...window });
  const results = h("div", { "aria-live": "polite" });
  const title = (s: BacktestSettings): string => `Backtest report: ${s.models.join(" vs ")} on ${s.tickers.length} assets, ${s.rebalance} rebalance`;

  const run = async (s: BacktestSettings): Promise<void> => {
    active?.stop();
    rememberSelection(s.tickers);
    updateParams({ ...backtestToParams(s), job: undefined, result: undefined });
    const button = form.querySelector("button[type=submit]") as HTMLButtonElement;
    button.disabled = true;
    replace(results, loading("Submitting…"));
    try {
      const jobId = await submitBacktest(backtestBody(s));
      updateParams({ job: String(jobId) });
      const progress = progressLine();
      const cancel = h("button", { type: "button", onclick: () => void cancelJob(jobId).catch(() => undefined) }, "Cancel");
      replace(results, progress.element, cancel);
      active = watchJob(jobId, progress.set);
      await active.done;
      progress.set(1);
      cancel.remove();
      const drawn = h("div");
      results.append(drawn);
      await showJob(drawn, jobId, title(s));
    } catch (error) {
      if (isMissingEndpoint(error)) unavailable(results);
      else results.append(errorBox(error));
      results.querySelector(".loading")?.remove();
    } finally {
      button.disabled = false;
    }
  };

  const others = assets.filter((a) => !indexes.includes(a.ticker)).map((a) => a.ticker);
  const form = backtestForm(settings, [...indexes, ...others], (s) => void run(s));
  replace(main, h("div", { class: "columns" }, form, results));

  const job = Number(params.get("job"));
  const stored = Number(params.get("result"));
  try {
    if (Number.isInteger(stored) && stored > 0) {
      replace(results, loading("Loading the stored backtest…"));
      renderBacktestResult(results, backtestView({ run: await getBacktest(stored) }), `Backtest report #${stored}`);
    } else if (Number.isInteger(job) && job > 0) {
      replace(results, loading("Loading the backtest…"));
      await showJob(results, job, title(settings));
    } else {
      replace(results, notice("Pick the models to compare and press Run backtest. Progress is shown live."));
    }
  } catch (error) {
    if (isMissingEndpoint(error)) unavailable(results);
    else replace(results, errorBox(error));
  }
}
