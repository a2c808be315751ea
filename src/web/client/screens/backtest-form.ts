/// <reference lib="dom" />
/** The Backtest form: models to compare, rebalance schedule, lookback, costs, benchmark, dates. */
import { REBALANCE_SCHEDULES, RISK_ESTIMATORS } from "../catalogue.js";
import { field, h, select } from "../ui/dom.js";
import { BACKTEST_MODELS, EQUAL_WEIGHT_BENCHMARK, type BacktestSettings } from "./backtest-settings.js";

export function backtestForm(initial: BacktestSettings, benchmarks: readonly string[], onSubmit: (s: BacktestSettings) => void): HTMLFormElement {
  const boxes = BACKTEST_MODELS.map((m) => ({ kind: m.kind, input: h("input", { type: "checkbox", name: "models", value: m.kind, checked: initial.models.includes(m.kind) }), label: m.label }));
  const rebalance = select(REBALANCE_SCHEDULES, initial.rebalance, { name: "rebalance" });
  const lookback = h("input", { type: "number", min: "1", step: "1", name: "lookback", value: String(initial.lookback) });
  const cost = h("input", { type: "number", min: "0", step: "any", name: "costBps", value: String(initial.costBps) });
  const benchmark = select([{ value: "", label: "None" }, { value: EQUAL_WEIGHT_BENCHMARK, label: "Equal weight (rebalanced)" }, ...benchmarks.map((t) => ({ value: t, label: t }))], initial.benchmark, { name: "benchmark" });
  const risk = select(RISK_ESTIMATORS.map((e) => ({ value: e.key, label: e.label })), initial.risk, { name: "risk" });
  const start = h("input", { type: "date", name: "start", value: initial.start, required: true });
  const end = h("input", { type: "date", name: "end", value: initial.end, required: true });
  const problem = h("div", { role: "alert" });

  const form = h(
    "form",
    { class: "panel", "aria-label": "Backtest settings", novalidate: true },
    h("h2", {}, "Backtest"),
    h("p", { class: "hint" }, `${initial.tickers.length} assets: ${initial.tickers.join(", ")}`),
    h("fieldset", {}, h("legend", {}, "Models"), h("div", { class: "checks" }, ...boxes.map((b) => h("label", {}, b.input, ` ${b.label}`)))),
    field("Rebalance", rebalance),
    h("div", { class: "inline-fields" }, field("Lookback (days)", lookback), field("Costs (bps)", cost)),
    field("Risk model", risk),
    field("Benchmark", benchmark),
    h("div", { class: "inline-fields" }, field("From", start), field("To", end)),
    problem,
    h("button", { type: "submit", class: "primary", "data-testid": "run-backtest" }, "Run backtest"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const models = boxes.filter((b) => b.input.checked).map((b) => b.kind);
    problem.replaceChildren();
    if (models.length === 0 || !start.value || !end.value) {
      problem.append(h("div", { class: "error" }, models.length === 0 ? "Pick at least one model." : "Give the first and last dates of the backtest."));
      return;
    }
    onSubmit({
      ...initial,
      models,
      rebalance: rebalance.value,
      lookback: Math.max(1, Math.round(Number(lookback.value) || 252)),
      costBps: Math.max(0, Number(cost.value) || 0),
      benchmark: benchmark.value,
      risk: risk.value,
      start: start.value,
      end: end.value,
    });
  });
  return form;
}
