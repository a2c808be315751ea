export type { FetchDailyOptions, PriceProvider, ProviderBar } from "./price-provider.js";
export type { RetryPolicy } from "./request-with-retry.js";
export { createYahooProvider, type YahooProviderOptions } from "./yahoo-provider.js";
export { createStooqProvider, stooqSymbol, type StooqProviderOptions } from "./stooq-provider.js";
export { createFallbackProvider } from "./fallback-provider.js";
