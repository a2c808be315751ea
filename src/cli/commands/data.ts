/**
 * `portfolio data …`: market data in the store. `import FILE`, `fetch TICKER… --start`, `list`,
 * `export`. Each opens the store (DATABASE_URL, default `sqlite:./data/portfolio.db`), brings its
 * schema up to date, loads the bundled sample data if the store has no prices yet (a note on
 * stderr says so), runs one data-layer call, prints one line per result, and closes the store.
 *
 * Provider addresses can be moved with PORTFOLIO_YAHOO_URL and PORTFOLIO_STOOQ_URL (a mirror, a
 * proxy, a local replay server in tests).
 */
import { Command, Option } from "commander";
import { writeFile } from "node:fs/promises";
import {
  createFallbackProvider,
  createStooqProvider,
  createYahooProvider,
  fetchPrices,
  importPriceFile,
  loadSampleData,
  type PriceProvider,
} from "../../data/index.js";
import { openDatabase } from "../../store/database.js";
import { migrateToLatest } from "../../store/migrate.js";
import { createPriceRepository, type PriceRepository } from "../../store/price-repository.js";
import type { CliIo } from "../main.js";
import { isoDate, tickerList } from "../option-parsers.js";

/** A ticker that could not be fetched, raised after the other tickers' lines are printed. */
class TickerFetchError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

type ProviderChoice = "yahoo" | "stooq" | "auto";

function provider(choice: ProviderChoice): PriceProvider {
  const yahoo = () => createYahooProvider({ baseUrl: process.env.PORTFOLIO_YAHOO_URL || undefined });
  const stooq = () => createStooqProvider({ baseUrl: process.env.PORTFOLIO_STOOQ_URL || undefined });
  if (choice === "yahoo") return yahoo();
  if (choice === "stooq") return stooq();
  return createFallbackProvider([yahoo(), stooq()]);
}

/** Opens the store, runs `work` on its price repository, and always closes it. */
async function withPrices<T>(io: CliIo, work: (repo: PriceRepository) => Promise<T>): Promise<T> {
  const store = await openDatabase(process.env.DATABASE_URL);
  try {
    await migrateToLatest(store.db);
    const repo = createPriceRepository(store);
    const sample = await loadSampleData(repo);
    if (sample.loaded) {
      const rows = sample.imports.reduce((n, i) => n + i.rows, 0);
      io.stderr(`portfolio: first start: loaded the bundled sample data (${sample.assets} assets, ${rows} prices; see samples/README.md)\n`);
    }
    return await work(repo);
  } finally {
    await store.close();
  }
}

const span = (first: string | null, last: string | null): string => (first === null ? "no dates" : `${first} … ${last}`);

export function registerData(program: Command, io: CliIo): void {
  const data = program.command("data").description("market data in the store: import, fetch, list, export");

  data
    .command("import")
    .description("import a wide or long price CSV (gzip or not); a bad row rejects the whole file")
    .argument("<file>", "price file")
    .action(async (file: string) => {
      const result = await withPrices(io, (repo) => importPriceFile(repo, file));
      io.stdout(
        `imported ${file}: ${result.tickers.length} tickers, ${result.rows} rows (${result.inserted} new, ${result.updated} updated), ${span(result.firstDate, result.lastDate)}\n`,
      );
    });

  data
    .command("fetch")
    .description("download daily history for the dates the store does not have yet")
    .argument("<tickers...>", "ticker symbols (Yahoo Finance spelling: AAPL, BRK-B, ^GSPC)")
    .requiredOption("--start <date>", "first date (YYYY-MM-DD)", isoDate)
    .option("--end <date>", "last date (YYYY-MM-DD; default and latest: yesterday)", isoDate)
    .addOption(new Option("--provider <name>", "where to download from").choices(["yahoo", "stooq", "auto"]).default("auto"))
    .action(async (tickers: string[], options: { start: string; end?: string; provider: ProviderChoice }) => {
      const source = provider(options.provider);
      const result = await withPrices(io, (repo) => fetchPrices(repo, source, { tickers, start: options.start, end: options.end }));
      for (const t of result.tickers) {
        if (t.error !== undefined) io.stdout(`${t.ticker}: failed: ${t.error.message}\n`);
        else if (t.requested.length === 0) io.stdout(`${t.ticker}: already stored (${span(t.cached?.first ?? null, t.cached?.last ?? null)}), nothing to fetch\n`);
        else {
          const asked = t.requested.map((s) => `${s.start} … ${s.end}`).join(", ");
          io.stdout(`${t.ticker}: ${t.rows} rows from ${result.provider} (${t.inserted} new, ${t.updated} updated) for ${asked}\n`);
        }
      }
      const failed = result.tickers.find((t) => t.error !== undefined);
      if (failed?.error !== undefined) throw new TickerFetchError(failed.error.code, failed.error.message);
    });

  data
    .command("list")
    .description("the stored assets with their date spans")
    .option("--json", "print one JSON array")
    .action(async (options: { json?: boolean }) => {
      const assets = await withPrices(io, (repo) => repo.listAssets());
      if (options.json) {
        io.stdout(`${JSON.stringify(assets)}\n`);
        return;
      }
      for (const a of assets) {
        const about = [a.name, a.sector].filter((x) => x !== null && x !== "").join(", ");
        io.stdout(`${a.ticker}\t${about === "" ? "-" : about}\t${span(a.firstDate, a.lastDate)}\t${a.rows} rows\n`);
      }
    });

  data
    .command("export")
    .description("stored prices as a wide CSV (date, one column per ticker)")
    .option("--tickers <list>", "comma-separated tickers (default: all, alphabetical)", tickerList)
    .option("--start <date>", "first date (YYYY-MM-DD)", isoDate)
    .option("--end <date>", "last date (YYYY-MM-DD)", isoDate)
    .addOption(new Option("--format <format>", "output format").choices(["csv"]).default("csv"))
    .option("--output <file>", "write to a file instead of standard output")
    .action(async (options: { tickers?: string[]; start?: string; end?: string; output?: string }) => {
      const csv = await withPrices(io, (repo) => repo.exportCsv({ tickers: options.tickers, start: options.start, end: options.end }));
      if (options.output === undefined) io.stdout(csv);
      else {
        await writeFile(options.output, csv);
        io.stdout(`wrote ${options.output}: ${Math.max(0, csv.split("\n").filter((l) => l !== "").length - 1)} rows\n`);
      }
    });

  // main.ts sets these on its direct subcommands only; these are one level further down.
  for (const sub of data.commands) sub.exitOverride().configureOutput(program.configureOutput());
}
