/// <reference lib="dom" />
/**
 * The dashboard's entry: the header (screens, theme toggle) and a hash router that renders one screen
 * module into <main>. Everything a screen needs to reopen is in the URL (state/url-state.ts).
 */
import { disposeDetachedCharts, rethemeCharts } from "./charts/echarts-setup.js";
import { h, replace } from "./ui/dom.js";
import { errorBox } from "./ui/status.js";
import { apiKey, setApiKey } from "./api/http.js";
import { applyTheme, followSystemTheme, isDark, toggleTheme } from "./state/theme.js";
import { currentRoute, type Screen } from "./state/url-state.js";
import { selectedPortfolio, selectedTickers } from "./state/selection.js";
import { renderUniverse } from "./screens/universe.js";
import { renderOptimize } from "./screens/optimize.js";
import { renderBacktest } from "./screens/backtest.js";
import { renderAllocate } from "./screens/allocate.js";
import { renderHistory } from "./screens/history.js";

type Renderer = (main: HTMLElement, params: URLSearchParams) => void | Promise<void>;

const SCREENS: readonly { readonly screen: Screen; readonly label: string; readonly render: Renderer }[] = [
  { screen: "universe", label: "Universe", render: renderUniverse },
  { screen: "optimize", label: "Optimize", render: renderOptimize },
  { screen: "backtest", label: "Backtest", render: renderBacktest },
  { screen: "allocate", label: "Allocate", render: renderAllocate },
  { screen: "history", label: "History", render: renderHistory },
];

function navLinks(): HTMLElement[] {
  return SCREENS.map(({ screen, label }) => h("a", { href: `#/${screen}`, "data-screen": screen }, label));
}

/** Nav links carry the current selection along, so switching screens keeps the universe. */
function refreshNav(active: Screen): void {
  const query = new URLSearchParams();
  const tickers = selectedTickers();
  const portfolio = selectedPortfolio();
  if (tickers.length > 0) query.set("tickers", tickers.join(","));
  if (portfolio !== null) query.set("portfolio", String(portfolio));
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>("#nav a"))) {
    const screen = link.dataset.screen as Screen;
    link.href = `#/${screen}${query.size > 0 && screen !== "history" ? `?${query.toString().replace(/%2C/g, ",")}` : ""}`;
    if (screen === active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

let renderCount = 0;

async function route(): Promise<void> {
  const { screen, params } = currentRoute();
  const main = document.getElementById("main") as HTMLElement;
  const entry = SCREENS.find((s) => s.screen === screen) ?? SCREENS[0];
  const ticket = ++renderCount;
  refreshNav(entry.screen);
  document.title = `${entry.label} — Allocator`;
  replace(main);
  try {
    await entry.render(main, params);
  } catch (error) {
    if (ticket === renderCount) replace(main, errorBox(error));
  }
  disposeDetachedCharts();
  if (ticket === 1) performance.mark("dashboard:interactive"); // read by bench/web.ts
}

function themeButton(): HTMLButtonElement {
  const button = h("button", { type: "button", class: "theme-toggle", "aria-pressed": String(isDark()), title: "Switch light/dark" }, isDark() ? "☀ Light" : "☾ Dark");
  button.addEventListener("click", () => {
    toggleTheme();
    button.textContent = isDark() ? "☀ Light" : "☾ Dark";
    button.setAttribute("aria-pressed", String(isDark()));
    rethemeCharts();
  });
  return button;
}

/** Servers run with AUTH=required need a key (`portfolio keys create`); it stays in this browser. */
function keyButton(): HTMLButtonElement {
  const label = (): string => (apiKey() ? "API key ✓" : "API key");
  const button = h("button", { type: "button", title: "Set the API key this browser sends" }, label());
  button.addEventListener("click", () => {
    const key = prompt("API key (leave blank to remove it):", apiKey() ?? "");
    if (key === null) return;
    setApiKey(key.trim());
    button.textContent = label();
    void route();
  });
  return button;
}

function start(): void {
  applyTheme();
  followSystemTheme(rethemeCharts);
  replace(document.getElementById("nav") as HTMLElement, ...navLinks());
  replace(document.getElementById("tools") as HTMLElement, keyButton(), themeButton());
  window.addEventListener("hashchange", () => void route());
  void route();
}

start();
