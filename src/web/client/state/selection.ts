/// <reference lib="dom" />
/**
 * The selected universe, carried from screen to screen. The URL is the source of truth when it has
 * `tickers=`; otherwise the last selection is remembered in localStorage so that moving between
 * screens from the navigation bar keeps it.
 */
import { currentRoute, tickersParam } from "./url-state.js";

const KEY = "portfolio.selection";

export function selectedTickers(): string[] {
  const fromUrl = tickersParam(currentRoute().params);
  if (fromUrl.length > 0) return fromUrl;
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? "[]") as unknown;
    return Array.isArray(stored) ? stored.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

export function rememberSelection(tickers: readonly string[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(tickers));
  } catch {
    // private browsing without storage: the URL still carries the selection
  }
}

const PORTFOLIO_KEY = "portfolio.current";

/** The saved portfolio the selection came from (URL `portfolio=` first), or null. */
export function selectedPortfolio(): number | null {
  const raw = currentRoute().params.get("portfolio") ?? safeGet(PORTFOLIO_KEY);
  const id = Number(raw);
  return raw !== null && Number.isInteger(id) && id > 0 ? id : null;
}

export function rememberPortfolio(id: number | null): void {
  try {
    if (id === null) localStorage.removeItem(PORTFOLIO_KEY);
    else localStorage.setItem(PORTFOLIO_KEY, String(id));
  } catch {
    // the URL still carries it
  }
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
