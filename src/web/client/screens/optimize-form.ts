/// <reference lib="dom" />
/**
 * The Optimize form: model (and its parameters), estimators, date range and constraints. It reads and
 * writes `OptimizeSettings`; percentages are typed as percent and stored as decimals.
 */
import { RETURN_ESTIMATORS, RISK_ESTIMATORS, modelEntry } from "../catalogue.js";
import { field, h, replace, select } from "../ui/dom.js";
import { OPTIMIZE_MODELS, type OptimizeSettings } from "./optimize-settings.js";

export interface OptimizeForm {
  readonly element: HTMLFormElement;
  read(): OptimizeSettings;
}

function percentInput(label: string, value: number | null, props: Record<string, unknown> = {}): HTMLInputElement {
  return h("input", { type: "number", step: "any", "aria-label": label, value: value === null ? "" : String(+(value * 100).toFixed(6)), ...props });
}

function readPercent(input: HTMLInputElement): number | null {
  return input.value.trim() === "" ? null : Number(input.value) / 100;
}

export function optimizeForm(initial: OptimizeSettings, groups: Readonly<Record<string, readonly string[]>>, onSubmit: (s: OptimizeSettings) => void): OptimizeForm {
  const model = select(OPTIMIZE_MODELS.map((m) => ({ value: m.kind, label: m.label })), initial.model, { name: "model" });
  const paramsArea = h("div");
  let paramInputs: { key: string; input: HTMLInputElement; percent: boolean }[] = [];
  const drawParams = (): void => {
    const entry = modelEntry(model.value);
    paramInputs = (entry?.params ?? []).map((p) => {
      const value = initial.model === model.value ? (initial.modelParams[p.key] ?? p.value) : p.value;
      const input = p.percent ? percentInput(p.label, value, { name: p.key }) : h("input", { type: "number", step: String(p.step), value: String(value), name: p.key });
      return { key: p.key, input, percent: Boolean(p.percent) };
    });
    replace(paramsArea, ...paramInputs.map((p, i) => field(`${entry?.params?.[i].label}${p.percent ? " (%)" : ""}`, p.input)));
  };
  model.addEventListener("change", drawParams);
  drawParams();

  const returns = select(RETURN_ESTIMATORS.map((e) => ({ value: e.key, label: e.label })), initial.returns, { name: "returns" });
  const risk = select(RISK_ESTIMATORS.map((e) => ({ value: e.key, label: e.label })), initial.risk, { name: "risk" });
  const start = h("input", { type: "date", name: "start", value: initial.start });
  const end = h("input", { type: "date", name: "end", value: initial.end });
  const rf = percentInput("Risk-free rate (%)", initial.riskFreeRate, { name: "rf" });
  const lower = percentInput("Lowest weight (%)", initial.lower, { name: "lower" });
  const upper = percentInput("Highest weight (%)", initial.upper, { name: "upper" });
  const maxHoldings = h("input", { type: "number", min: "1", step: "1", name: "maxHoldings", value: initial.maxHoldings === null ? "" : String(initial.maxHoldings) });
  const minPosition = percentInput("Smallest position (%)", initial.minPosition, { name: "minPosition" });
  const l2Gamma = h("input", { type: "number", min: "0", step: "any", name: "l2Gamma", placeholder: "none", value: initial.l2Gamma === null ? "" : String(initial.l2Gamma) });
  const caps = Object.keys(groups)
    .sort()
    .map((g) => ({ group: g, input: percentInput(`${g} at most (%)`, initial.groupCaps[g] ?? null, { name: `cap.${g}`, placeholder: "no limit" }) }));

  const element = h(
    "form",
    { class: "panel", "aria-label": "Optimization settings", novalidate: true },
    h("h2", {}, "Optimize"),
    h("p", { class: "hint" }, `${initial.tickers.length} assets: ${initial.tickers.join(", ")}`),
    field("Model", model),
    paramsArea,
    field("Expected returns", returns),
    field("Risk model", risk),
    h("div", { class: "inline-fields" }, field("From", start), field("To", end)),
    field("Risk-free rate (%)", rf),
    h(
      "fieldset",
      {},
      h("legend", {}, "Constraints"),
      h("div", { class: "inline-fields" }, field("Min weight (%)", lower), field("Max weight (%)", upper)),
      h("div", { class: "inline-fields" }, field("Max holdings", maxHoldings), field("Min position (%)", minPosition)),
      field("L2 penalty γ (adds γ·Σw² to the risk)", l2Gamma),
      caps.length > 0 ? h("details", {}, h("summary", {}, "Group limits (sectors)"), ...caps.map((c) => field(`${c.group} ≤ (%)`, c.input))) : null,
    ),
    h("button", { type: "submit", class: "primary", "data-testid": "run-optimize" }, "Optimize"),
  );

  const read = (): OptimizeSettings => {
    const modelParams: Record<string, number> = {};
    for (const p of paramInputs) {
      const value = p.percent ? readPercent(p.input) : Number(p.input.value);
      if (value !== null && Number.isFinite(value)) modelParams[p.key] = value;
    }
    const groupCaps: Record<string, number> = {};
    for (const c of caps) {
      const value = readPercent(c.input);
      if (value !== null && Number.isFinite(value)) groupCaps[c.group] = value;
    }
    const holdings = maxHoldings.value.trim() === "" ? null : Number(maxHoldings.value);
    const gamma = l2Gamma.value.trim() === "" ? null : Number(l2Gamma.value);
    return {
      ...initial,
      model: model.value,
      modelParams,
      returns: returns.value,
      risk: risk.value,
      start: start.value,
      end: end.value,
      riskFreeRate: readPercent(rf) ?? 0,
      lower: readPercent(lower) ?? 0,
      upper: readPercent(upper) ?? 1,
      maxHoldings: holdings !== null && Number.isFinite(holdings) ? holdings : null,
      minPosition: readPercent(minPosition),
      l2Gamma: gamma !== null && Number.isFinite(gamma) ? gamma : null,
      groupCaps,
    };
  };

  element.addEventListener("submit", (event) => {
    event.preventDefault();
    onSubmit(read());
  });
  return { element, read };
}
