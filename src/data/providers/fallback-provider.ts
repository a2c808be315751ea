/**
 * Providers tried in order for each request: the first that answers wins. A provider that is
 * unreachable, does not know the ticker, or sends an unreadable reply hands over to the next one.
 * When all fail, the error says so for all of them: `UnknownTickerError` if every one said it does
 * not know the ticker, else `ProviderUnavailableError` ("could not reach Yahoo Finance or Stooq
 * (offline?): …") listing each provider's reason.
 */
import { MarketDataError, ProviderUnavailableError, UnknownTickerError } from "../errors.js";
import type { FetchDailyOptions, PriceProvider, ProviderBar } from "./price-provider.js";

export function createFallbackProvider(providers: readonly PriceProvider[]): PriceProvider {
  if (providers.length === 0) throw new TypeError("createFallbackProvider needs at least one provider");
  const name = providers.map((p) => p.name).join(" or ");
  return {
    id: "auto",
    name,
    async fetchDaily(ticker: string, start: string, end: string, options: FetchDailyOptions = {}): Promise<ProviderBar[]> {
      const failures: { provider: PriceProvider; error: MarketDataError }[] = [];
      for (const provider of providers) {
        try {
          return await provider.fetchDaily(ticker, start, end, options);
        } catch (error) {
          // Bugs and the caller's own cancel are not a provider's failure: no fallback for them.
          if (!(error instanceof MarketDataError)) throw error;
          failures.push({ provider, error });
        }
      }
      if (failures.every((f) => f.error instanceof UnknownTickerError)) {
        const detail = failures.map((f) => f.provider.name).join(", ");
        throw new UnknownTickerError(name, ticker, `asked ${detail}`, { cause: failures[failures.length - 1].error });
      }
      // Each provider's own message starts "could not reach X (offline?): "; keep only its reason.
      const reasons = failures.map((f) => `${f.provider.name}: ${f.error.message.replace(/^could not reach .*? \(offline\?\): /, "")}`);
      const attempts = failures.reduce((n, f) => n + (f.error instanceof ProviderUnavailableError ? f.error.attempts : 1), 0);
      throw new ProviderUnavailableError(
        providers.map((p) => p.name),
        reasons.join("; "),
        { ticker, attempts },
        { cause: failures[failures.length - 1].error },
      );
    },
  };
}
