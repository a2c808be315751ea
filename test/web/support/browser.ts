/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Outside CI the browser
 * tests skip, with a message saying what to install, when /usr/bin/chromium is missing; under
 * CI=true they run (and fail loudly if the browser is not there).
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why the browser tests are skipped, or false when they run. */
export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === "true") return false;
  return `browser tests skipped: ${CHROMIUM_PATH} not found (install Debian's chromium: apt-get install chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  readonly errors: string[];
}

/** A fresh context (own storage) at `viewport`, recording console errors and page errors. */
export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }, colorScheme: "light" | "dark" = "light"): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return { page, context, errors };
}
