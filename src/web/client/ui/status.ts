/// <reference lib="dom" />
/**
 * Inline feedback: a loading line while a request runs, and the API's problem `detail` in a box next
 * to the form that caused it (role=alert so screen readers announce it).
 */
import { ApiError } from "../api/http.js";
import { h, replace } from "./dom.js";

export function errorBox(error: unknown): HTMLElement {
  if (error instanceof ApiError) {
    const { problem } = error;
    return h(
      "div",
      { class: "error", role: "alert" },
      h("strong", {}, problem.title ?? "Request failed"),
      problem.code ? h("code", { class: "code" }, problem.code) : null,
      h("p", { class: "detail" }, problem.detail ?? error.message),
      problem.errors && problem.errors.length > 0 ? h("ul", {}, ...problem.errors.map((e) => h("li", {}, h("code", {}, e.path || "body"), ` ${e.message}`))) : null,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return h("div", { class: "error", role: "alert" }, h("strong", {}, "Something went wrong"), h("p", { class: "detail" }, message));
}

export function notice(text: string, kind: "info" | "warning" = "info"): HTMLElement {
  return h("div", { class: `notice ${kind}`, role: "status" }, text);
}

export function loading(text = "Loading…"): HTMLElement {
  return h("div", { class: "loading", role: "status", "aria-live": "polite" }, h("span", { class: "spinner", "aria-hidden": "true" }), text);
}

/**
 * Runs `task` with `target` showing a loading line, then whatever `task` rendered, or the error.
 * The button (if any) is disabled meanwhile so a double click sends one request.
 */
export async function withLoading<T>(target: Element, task: () => Promise<T>, options: { readonly button?: HTMLButtonElement; readonly text?: string } = {}): Promise<T | undefined> {
  replace(target, loading(options.text));
  if (options.button) options.button.disabled = true;
  try {
    return await task();
  } catch (error) {
    replace(target, errorBox(error));
    return undefined;
  } finally {
    if (options.button) options.button.disabled = false;
  }
}
