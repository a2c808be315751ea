/// <reference lib="dom" />
/**
 * A tiny element builder: the page is plain DOM, no framework, so each screen stays a small module
 * that builds its nodes and wires its events in one place.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  readonly [name: string]: unknown;
}

/**
 * `h("button", { class: "primary", onclick: run }, "Optimize")`. Props starting with `on` become
 * listeners; `class`, `for`, `aria-*`, `data-*` and other strings become attributes; booleans toggle
 * attributes (`disabled: true`).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value as EventListener);
    } else if (name === "value" && "value" in element) {
      (element as HTMLInputElement).value = String(value);
    } else if (name === "checked" && element instanceof HTMLInputElement) {
      element.checked = Boolean(value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A labelled form field: the label names the control for screen readers and clicks. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Math.random().toString(36).slice(2, 7)}`;
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("small", { class: "hint" }, hint) : null);
}

export function select(options: readonly { readonly value: string; readonly label: string }[], value: string, props: Props = {}): HTMLSelectElement {
  const element = h("select", props, ...options.map((o) => h("option", { value: o.value }, o.label)));
  element.value = value;
  return element;
}
