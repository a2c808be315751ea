/**
 * One HTTP exchange with a provider, retried with exponential backoff when the failure is likely to
 * pass (the network, a timeout, HTTP 5xx, HTTP 429) and not when it will not: HTTP 404 becomes
 * `UnknownTickerError`, another 4xx `ProviderUnavailableError` at once, and a reply we cannot read
 * (`InvalidProviderResponseError`) is passed on. Each attempt has its own timeout (AbortSignal).
 */
import { MarketDataError, ProviderUnavailableError, UnknownTickerError } from "../errors.js";

export interface RetryPolicy {
  /** Attempts in all, ≥ 1. Default 3. */
  readonly attempts?: number;
  /** Wait before the 2nd attempt; doubled for each later one. Default 500 ms. */
  readonly backoffMs?: number;
  /** Per-attempt timeout. Default 15 000 ms: a year of daily bars is a few tens of kB. */
  readonly timeoutMs?: number;
}

/** A reply with a non-2xx status, raised by a provider's fetch so the retry loop can classify it. */
export class HttpStatusError extends Error {
  readonly status: number;

  constructor(status: number, url: string) {
    super(`HTTP ${status} from ${url}`);
    this.name = "HttpStatusError";
    this.status = status;
  }
}

/**
 * A failure to exchange bytes: fetch throws `TypeError("fetch failed")` with the socket error as its
 * `cause` for DNS, refused and reset connections; an aborted attempt (our timeout) is a DOMException
 * named TimeoutError or AbortError. Other TypeErrors are bugs, not the network.
 */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError) return error.message === "fetch failed" || error.cause !== undefined;
  const name = (error as { name?: unknown } | null)?.name;
  return name === "TimeoutError" || name === "AbortError";
}

/** Failures worth another try; anything else (our own typed errors, bugs) is not. */
function isRetryable(error: unknown): boolean {
  if (error instanceof HttpStatusError) return error.status >= 500 || error.status === 429;
  if (error instanceof MarketDataError) return false;
  return isNetworkError(error);
}

/** The most telling words about a failure: fetch hides the socket error in `cause`. */
export function describeFailure(error: unknown): string {
  if (error instanceof HttpStatusError) return error.message;
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return "timed out";
  const cause = e?.cause;
  if (cause?.code !== undefined) return cause.message?.includes(cause.code) ? cause.message : `${cause.code} ${cause.message ?? ""}`.trim();
  return e?.message ?? String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `attempt(signal)` until it succeeds, fails for good, or the attempts run out; then throws
 * `ProviderUnavailableError` naming the provider, the ticker and the last failure.
 *
 * @param attempt - one request; receives a signal that aborts on the timeout or the caller's signal.
 * @param context - `provider` (display name) and `ticker` for the message; `signal` from the caller.
 */
export async function requestWithRetry<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  context: { readonly provider: string; readonly ticker: string; readonly signal?: AbortSignal },
  policy: RetryPolicy = {},
): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? 3);
  const backoffMs = policy.backoffMs ?? 500;
  const timeoutMs = policy.timeoutMs ?? 15_000;
  let lastError: unknown;
  for (let k = 0; k < attempts; k++) {
    if (k > 0) await sleep(backoffMs * 2 ** (k - 1), context.signal);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = context.signal === undefined ? timeout : AbortSignal.any([timeout, context.signal]);
    try {
      return await attempt(signal);
    } catch (error) {
      // The caller cancelling is not a provider failure: pass it on untouched.
      if (context.signal?.aborted) throw error;
      if (error instanceof HttpStatusError && error.status === 404) {
        throw new UnknownTickerError(context.provider, context.ticker, "HTTP 404", { cause: error });
      }
      if (error instanceof HttpStatusError && !isRetryable(error)) {
        // 401/403 and the like: the provider refuses us; another try will not change its mind.
        throw new ProviderUnavailableError([context.provider], `${error.message} (ticker ${context.ticker})`, {
          ticker: context.ticker,
          attempts: k + 1,
        }, { cause: error });
      }
      if (!isRetryable(error)) throw error;
      lastError = error;
    }
  }
  throw new ProviderUnavailableError(
    [context.provider],
    `${describeFailure(lastError)} (ticker ${context.ticker}, ${attempts} attempt${attempts === 1 ? "" : "s"})`,
    { ticker: context.ticker, attempts },
    { cause: lastError },
  );
}
