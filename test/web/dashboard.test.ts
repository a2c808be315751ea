/// <reference lib="dom" />
/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against a real server:
 * buildApp on a temporary SQLite store holding the bundled sample prices, with the dashboard plugin,
 * listening on a free port. Each test checks one acceptance point of issue 9, that the page logged
 * no console error, and saves a screenshot of its screen into docs/screenshots/.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { projectPath } from "../support/reference.js";
import { browserSkipReason, launchChromium, openPage, type WatchedPage } from "./support/browser.js";
import { buildDashboard, startDashboardServer, type DashboardServer } from "./support/dashboard-server.js";

// The page exposes its chart data for tests (src/web/client/charts/echarts-setup.ts).
declare global {
  interface Window {
    dashboardCharts?: { names(): string[]; seriesData(name: string): unknown[][] };
  }
}

const skip = browserSkipReason();
const screenshots = projectPath("docs", "screenshots");

/** Console errors, minus the browser's own line for an HTTP error status the test provoked on purpose. */
function unexpected(errors: readonly string[], expectedStatuses: readonly number[] = []): string[] {
  return errors.filter((e) => !expectedStatuses.some((s) => e.includes(`the server responded with a status of ${s}`)));
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
}

/** Weights of the result table, in percent, by ticker. */
async function tableWeights(page: Page): Promise<Record<string, number>> {
  const rows = await page.locator("[data-testid=weights-table] tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent ?? "")));
  return Object.fromEntries(rows.map((cells) => [cells[0], Number(cells[1].replace("%", ""))]));
}

async function chartSeries(page: Page, name: string): Promise<unknown[][]> {
  return page.evaluate((n) => window.dashboardCharts?.seriesData(n) ?? [], name);
}

describe("dashboard in Chromium", { skip }, () => {
  let server: DashboardServer;
  let browser: Browser;
  const opened: WatchedPage[] = [];

  const open = async (path: string, options: { viewport?: { width: number; height: number }; colorScheme?: "light" | "dark" } = {}): Promise<WatchedPage> => {
    const watched = await openPage(browser, options.viewport, options.colorScheme);
    opened.push(watched);
    await watched.page.goto(`${server.url}${path}`);
    return watched;
  };

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    buildDashboard();
    server = await startDashboardServer();
    browser = await launchChromium();
  });

  after(async () => {
    for (const w of opened) await w.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  test("first load on a fresh store shows the bundled assets", async () => {
    const { page, errors } = await open("/");
    const rows = page.locator("[data-testid=asset-table] tbody tr");
    await rows.first().waitFor();
    const tickers = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.ticker));
    // samples/: 20 S&P 500 stocks and the index
    for (const t of ["AAPL", "MSFT", "XOM", "SP500"]) assert.ok(tickers.includes(t), `${t} listed (got ${tickers.join(",")})`);
    assert.equal(tickers.length, 21);
    assert.deepEqual(unexpected(errors), []);
  });

  test("optimize max Sharpe: the weights sum to 100% and the frontier is drawn", async () => {
    const { page, errors } = await open("/#/optimize?model=maxSharpe");
    await page.getByTestId("run-optimize").click();
    await page.locator("[data-testid=weights-table] tbody tr").first().waitFor();
    const weights = await tableWeights(page);
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    // 20 cells rounded to 0.01 %: their sum is within 20 × 0.005 = 0.1 % of the true 100 %
    assert.ok(Math.abs(total - 100) <= 0.1, `weights sum to ${total}%`);
    assert.equal(await page.locator("[data-testid=weights-table] tfoot td").first().textContent(), "100.00%");
    await page.waitForFunction(() => (window.dashboardCharts?.seriesData("frontier")[0]?.length ?? 0) >= 2);
    const frontier = await chartSeries(page, "frontier");
    assert.ok(frontier[0].length >= 2, "frontier line has points");
    assert.ok(frontier.length >= 5, "frontier, assets, min volatility, max Sharpe and portfolio series");
    await page.waitForFunction(() => (window.dashboardCharts?.seriesData("correlation")[0]?.length ?? 0) > 0);
    await shoot(page, "optimize");
    assert.deepEqual(unexpected(errors), []);
  });

  test("min CVaR with an L2 penalty: the form sends γ, the result shows the CVaR, and every model is offered", async () => {
    const { page, errors } = await open("/#/optimize?model=minCvar&confidence=0.95&gamma=0.1");
    assert.equal(await page.locator("input[name=l2Gamma]").inputValue(), "0.1");
    const offered = await page.locator("select[name=model] option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    for (const kind of ["minCvar", "minCdar", "minMad", "minSemivariance", "maxSortino", "riskParity", "hierarchicalRiskParity", "nestedClusteredOptimization"]) {
      assert.ok(offered.includes(kind), `${kind} is offered`);
    }
    const request = page.waitForRequest((r) => r.url().endsWith("/api/v1/optimize"));
    await page.getByTestId("run-optimize").click();
    const body = (await request).postDataJSON() as { model: { kind: string; confidence: number }; constraints: { l2Gamma?: number } };
    assert.deepEqual(body.model, { kind: "minCvar", confidence: 0.95 });
    assert.equal(body.constraints.l2Gamma, 0.1);
    await page.locator("[data-testid=weights-table] tbody tr").first().waitFor();
    const total = Object.values(await tableWeights(page)).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 100) <= 0.1, `weights sum to ${total}%`);
    assert.match((await page.getByTestId("risk-measure").textContent()) ?? "", /^\d+\.\d\d%$/);
    await shoot(page, "optimize-cvar-l2");
    assert.deepEqual(unexpected(errors), []);
  });

  test("the optimize screen works at phone width in the dark theme", async () => {
    const { page, errors } = await open("/#/optimize?model=minVolatility", { viewport: { width: 390, height: 844 }, colorScheme: "dark" });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    await page.getByTestId("run-optimize").click();
    await page.locator("[data-testid=weights-table] tbody tr").first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
    await shoot(page, "optimize-phone-dark");
    assert.deepEqual(unexpected(errors), []);
  });

  test("an infeasible target shows the API's message inline", async () => {
    const { page, errors } = await open("/#/optimize?model=efficientReturn&targetReturn=5");
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/optimize"));
    await page.getByTestId("run-optimize").click();
    const response = await answer;
    assert.equal(response.status(), 422);
    const problem = (await response.json()) as { detail: string; code: string };
    assert.ok(problem.detail.length > 0 && problem.code.length > 0, "the API explains the problem");
    const shown = page.locator("[role=alert] .detail");
    await shown.waitFor();
    assert.equal(await shown.textContent(), problem.detail);
    await shoot(page, "optimize-infeasible");
    assert.deepEqual(unexpected(errors, [422]), []);
  });

  test("reopening a result from history restores it", async () => {
    const { page, errors } = await open("/#/optimize?model=minVolatility&risk=sample");
    await page.getByTestId("run-optimize").click();
    await page.locator("[data-testid=weights-table] tbody tr").first().waitFor();
    const original = await tableWeights(page);
    const originalUrl = page.url();
    await page.locator("#nav a[data-screen=history]").click();
    const row = page.locator("[data-testid=history-table] tbody tr").first();
    await row.waitFor();
    await row.locator("[data-action=open]").click();
    await page.waitForURL(/#\/optimize\?.*result=\d+/);
    await page.locator("[data-testid=weights-table] tbody tr").first().waitFor();
    assert.deepEqual(await tableWeights(page), original);
    assert.equal(await page.locator("select[name=model]").inputValue(), "minVolatility");
    assert.equal(await page.locator("select[name=risk]").inputValue(), "sample");
    assert.match(originalUrl, /result=\d+/);
    assert.deepEqual(unexpected(errors), []);
  });

  test("a backtest of two models reaches 100% and draws both equity curves", async () => {
    const { page, errors } = await open("/#/backtest?models=maxSharpe,minVolatility&start=2019-01-02&end=2020-12-31&rebalance=quarterly");
    await page.getByTestId("run-backtest").click();
    await page.getByTestId("backtest-progress-label").waitFor();
    await page.waitForFunction(() => document.querySelector("[data-testid=backtest-progress-label]")?.textContent === "100%", undefined, { timeout: 60_000 });
    await page.waitForFunction(() => (window.dashboardCharts?.seriesData("equity") ?? []).filter((s) => s.length > 1).length >= 2, undefined, { timeout: 30_000 });
    const equity = await chartSeries(page, "equity");
    assert.ok(equity.filter((s) => s.length > 1).length >= 2, "two equity curves");
    await shoot(page, "backtest");
    assert.deepEqual(unexpected(errors), []);
  });

  test("allocate: whole shares and leftover add up to the amount, and a rebalance lists its trades", async () => {
    const { page, errors } = await open("/#/optimize?model=maxSharpe");
    await page.getByTestId("run-optimize").click();
    await page.locator("[data-testid=weights-table] tbody tr").first().waitFor();
    await page.locator("#nav a[data-screen=allocate]").click();
    await page.locator("input[name=value]").fill("10000");
    const answered = page.waitForResponse((r) => r.url().endsWith("/api/v1/allocate"));
    await page.getByTestId("run-allocate").click();
    assert.equal((await answered).status(), 200);
    const rows = page.locator("[data-testid=allocation-table] tbody tr");
    await rows.first().waitFor();
    const held = await rows.evaluateAll((trs) => trs.map((tr) => ({ shares: Number((tr as HTMLElement).dataset.shares), price: Number((tr as HTMLElement).dataset.price) })));
    const leftover = Number(await page.getByTestId("allocation-result").getAttribute("data-leftover"));
    assert.ok(held.every((r) => Number.isInteger(r.shares) && r.shares >= 0), "whole shares");
    assert.ok(held.some((r) => r.shares > 0), "something is bought");
    const invested = held.reduce((s, r) => s + r.shares * r.price, 0);
    // leftover is value − Σ shares × price on the server: equal up to float rounding of ~20 products
    assert.ok(Math.abs(invested + leftover - 10_000) <= 1e-6, `invested ${invested} + leftover ${leftover} = 10000`);
    assert.ok(leftover >= 0 && leftover < 10_000, `leftover ${leftover} is what is left`);
    assert.equal(await page.getByTestId("leftover").textContent(), leftover.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

    await page.locator("select[name=mode]").selectOption("rebalance");
    await page.locator("textarea[name=holdings]").fill("AAPL 5\nXOM 40");
    await page.locator("input[name=cash]").fill("5000");
    const planned = page.waitForResponse((r) => r.url().endsWith("/api/v1/allocate"));
    await page.getByTestId("run-allocate").click();
    const plan = (await (await planned).json()) as { mode: string; trades: { ticker: string; side: string }[] };
    assert.equal(plan.mode, "rebalance");
    const trades = page.locator("[data-testid=trades-table] tbody tr");
    await trades.first().waitFor();
    assert.equal(await trades.count(), plan.trades.length);
    assert.match(page.url(), /mode=rebalance.*holdings=AAPL%3A5%2CXOM%3A40|holdings=AAPL%3A5%2CXOM%3A40.*mode=rebalance/);
    await shoot(page, "allocate");
    assert.deepEqual(unexpected(errors), []);
  });

  // Runs after the tests above, which saved optimizations and a backtest on this server.
  test("history lists the server's optimizations and backtests, opens a report and deletes a run", async () => {
    const { page, errors } = await open("/#/history"); // a fresh browser: nothing in its storage
    page.on("dialog", (dialog) => void dialog.accept());
    const rows = page.locator("[data-testid=history-table] tbody tr");
    await rows.first().waitFor();
    const keys = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.run ?? ""));
    assert.ok(keys.some((k) => k.startsWith("backtest:")), `a backtest listed (got ${keys.join(",")})`);
    assert.ok(keys.some((k) => k.startsWith("optimization:")), "an optimization listed");

    await page.locator("tr[data-run^='backtest:'] [data-action=open]").first().click();
    await page.getByTestId("backtest-result").waitFor();
    await page.waitForFunction(() => (window.dashboardCharts?.seriesData("equity") ?? []).filter((s) => s.length > 1).length >= 2);

    const victim = keys.find((k) => k.startsWith("optimization:")) as string;
    await page.locator(`tr[data-run='${victim}'] [data-action=delete]`).click();
    await page.locator(`tr[data-run='${victim}']`).waitFor({ state: "detached" });
    const id = victim.split(":")[1];
    assert.equal((await fetch(`${server.url}/api/v1/results/${id}`)).status, 404, "deleted on the server");
    await page.reload();
    await rows.first().waitFor();
    assert.equal(await page.locator(`tr[data-run='${victim}']`).count(), 0, "still gone after a reload");
    await page.locator("tr[data-run^='backtest:'] [data-action=open]").first().click();
    await page.getByTestId("backtest-result").waitFor();
    await shoot(page, "history");
    assert.deepEqual(unexpected(errors), []);
  });

  test("fetching from Yahoo while offline shows the API's problem inline", async () => {
    const { page, errors } = await open("/");
    await page.locator("[data-testid=asset-table] tbody tr").first().waitFor();
    await page.locator("input[name=fetch-tickers]").fill("NVDA, BRK-B");
    const answered = page.waitForResponse((r) => r.url().endsWith("/api/v1/prices/fetch"));
    await page.getByTestId("run-fetch").click();
    const answer = await answered;
    assert.equal(answer.status(), 503);
    const problem = (await answer.json()) as { detail: string };
    assert.ok(problem.detail.length > 0, "the API says why");
    const shown = page.locator("[data-testid=yahoo-fetch] [role=alert] .detail");
    await shown.waitFor();
    assert.equal(await shown.textContent(), problem.detail);
    await shoot(page, "universe");
    assert.deepEqual(unexpected(errors, [503]), []);
  });
});
