/// <reference lib="dom" />
/**
 * Light or dark: follows prefers-color-scheme until the user picks one with the toggle, which is
 * remembered. The choice is applied as `data-theme` on <html>; the CSS and the charts read it.
 */
const KEY = "portfolio.theme";
type Theme = "light" | "dark";

function stored(): Theme | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null;
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function currentTheme(): Theme {
  return stored() ?? systemTheme();
}

export function isDark(): boolean {
  return document.documentElement.dataset.theme === "dark";
}

export function applyTheme(theme: Theme = currentTheme()): void {
  document.documentElement.dataset.theme = theme;
}

export function toggleTheme(): Theme {
  const next: Theme = isDark() ? "light" : "dark";
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // without storage the toggle still works for this visit
  }
  applyTheme(next);
  return next;
}

/** Calls `onChange` when the system theme changes and the user has not chosen one. */
export function followSystemTheme(onChange: () => void): void {
  window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (stored() === null) {
      applyTheme();
      onChange();
    }
  });
}
