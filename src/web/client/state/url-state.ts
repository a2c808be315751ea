/// <reference lib="dom" />
/**
 * The page's state lives in the URL hash (`#/optimize?tickers=AAPL,MSFT&model=maxSharpe`), so any
 * screen can be bookmarked or sent to a colleague and reopens the same way. Screens read their
 * parameters from here and write them back as the user edits forms (replaceState: no history spam).
 */
export const SCREENS = ["universe", "optimize", "backtest", "allocate", "history"] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  readonly screen: Screen;
  readonly params: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = hash.split("?", 2);
  const screen = (SCREENS as readonly string[]).includes(path) ? (path as Screen) : "universe";
  return { screen, params: new URLSearchParams(query) };
}

function hashOf(screen: Screen, params: URLSearchParams): string {
  const query = params.toString();
  return `#/${screen}${query ? `?${query}` : ""}`;
}

/** Navigates to a screen (a new history entry, so Back works between screens). */
export function navigate(screen: Screen, params: Record<string, string | undefined> = {}): void {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, v);
  location.hash = hashOf(screen, search);
}

/** Rewrites the current screen's parameters in place (no navigation, no new history entry). */
export function updateParams(params: Record<string, string | undefined>): void {
  const { screen, params: search } = currentRoute();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === "") search.delete(k);
    else search.set(k, v);
  }
  history.replaceState(null, "", hashOf(screen, search));
}

/** Tickers are shared by every screen: the current selection, comma-separated in `tickers=`. */
export function tickersParam(params: URLSearchParams): string[] {
  return (params.get("tickers") ?? "").split(",").map((t) => t.trim()).filter((t) => t.length > 0);
}
