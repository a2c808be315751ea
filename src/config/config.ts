/**
 * The server's configuration: environment variables (and a `.env` file, read with Node's own
 * `process.loadEnvFile`; variables already set win), checked once at start. A bad value stops the
 * start with one line naming the variable, the value and what is expected, e.g.
 * `invalid configuration: PORT must be an integer from 0 to 65535 (got "http")`.
 */
import { existsSync } from "node:fs";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, redactUrl } from "../store/index.js";

export type AuthMode = "required" | "off";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface AppConfig {
  readonly nodeEnv: string;
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  /** Set: BullMQ jobs, shared rate limits and cross-process job events go through Redis. */
  readonly redisUrl: string | undefined;
  /** `required` (the default when NODE_ENV=production): every route but /health and /docs needs a key. */
  readonly auth: AuthMode;
  /** Origins allowed to call the API from a browser; empty: no cross-origin access. */
  readonly corsOrigins: readonly string[];
  /** Requests per window per API key (or per client address without one); 0 turns the limit off. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Largest request body in bytes (JSON bodies). */
  readonly bodyLimit: number;
  /** Largest price upload (`POST /prices`) in bytes. */
  readonly uploadLimit: number;
  /** A request taking longer is answered 408 by Node's HTTP server. */
  readonly requestTimeoutMs: number;
  /** An idle connection is closed after this long (0: never). */
  readonly connectionTimeoutMs: number;
  /** Fastify's `trustProxy`: false, true, a hop count, or the proxies' addresses. */
  readonly trustProxy: boolean | number | readonly string[];
  readonly logLevel: LogLevel;
  /** Most assets one request may name (a larger universe is a 422, not a server stall). */
  readonly maxAssets: number;
  /** Base URL of Yahoo Finance's chart API (`POST /prices/fetch`); default the public one. A mirror or a test server. */
  readonly yahooUrl: string | undefined;
  /** Base URL of Stooq, the fallback when Yahoo cannot be reached; default the public one. */
  readonly stooqUrl: string | undefined;
}

export class ConfigError extends Error {
  readonly code = "INVALID_CONFIG";
  /** The environment variable at fault. */
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(message);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

const integer = (min: number, max: number, what = `an integer from ${min} to ${max}`) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be ${what}`);

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `60000`, `60s`, `1m`, `1h`: a duration in milliseconds. */
const duration = z
  .string()
  .trim()
  .regex(/^\d+(ms|s|m|h)?$/, "must be a duration: milliseconds, or a number with ms, s, m or h (e.g. 1m)")
  .transform((text) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h)?$/.exec(text) as RegExpExecArray;
    return Number(amount) * UNIT_MS[unit ?? "ms"];
  })
  .refine((ms) => ms > 0, "must be a positive duration");

const origin = z.string().refine((text) => {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text;
  } catch {
    return false;
  }
}, "must be a comma-separated list of origins like https://app.example.com (scheme, host and port only)");

const trustProxy = z
  .string()
  .trim()
  .transform((text, ctx): boolean | number | string[] => {
    if (text === "true") return true;
    if (text === "false" || text === "") return false;
    if (/^\d+$/.test(text)) return Number(text);
    const addresses = text.split(",").map((a) => a.trim());
    if (addresses.every((a) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a))) return addresses;
    ctx.addIssue({ code: "custom", message: "must be true, false, a hop count, or comma-separated proxy addresses/CIDRs" });
    return z.NEVER;
  });

const databaseUrl = z
  .string()
  .trim()
  .regex(/^(sqlite:|postgres(ql)?:\/\/)/i, "must start with sqlite: or postgres://");

const redisUrl = z
  .string()
  .trim()
  .regex(/^rediss?:\/\/[^\s]+$/, "must be a redis:// or rediss:// URL");

const httpUrl = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^\s]+$/, "must be an http:// or https:// URL");

const variables = z.object({
  NODE_ENV: z.string().optional(),
  PORT: integer(0, 65535).optional(),
  HOST: z.string().trim().min(1, "must not be empty").optional(),
  DATABASE_URL: databaseUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  AUTH: z.enum(["required", "off"], { error: "must be required or off" }).optional(),
  CORS_ORIGINS: z
    .string()
    .transform((text) => text.split(",").map((o) => o.trim()).filter((o) => o !== ""))
    .pipe(z.array(origin))
    .optional(),
  RATE_LIMIT_MAX: integer(0, 1e9, "a non-negative integer (0 turns the limit off)").optional(),
  RATE_LIMIT_WINDOW: duration.optional(),
  BODY_LIMIT: integer(1024, 1 << 30, "a byte count from 1024 to 1073741824").optional(),
  UPLOAD_LIMIT: integer(1024, 1 << 30, "a byte count from 1024 to 1073741824").optional(),
  REQUEST_TIMEOUT_MS: integer(0, 3_600_000).optional(),
  CONNECTION_TIMEOUT_MS: integer(0, 3_600_000).optional(),
  TRUST_PROXY: trustProxy.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be one of fatal, error, warn, info, debug, trace, silent" }).optional(),
  MAX_ASSETS: integer(1, 1_000_000).optional(),
  PORTFOLIO_YAHOO_URL: httpUrl.optional(),
  PORTFOLIO_STOOQ_URL: httpUrl.optional(),
});

export type Environment = Readonly<Record<string, string | undefined>>;

/** Blank variables count as unset, as in most deployment tools. */
function present(env: Environment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(variables.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== "") out[key] = value;
  }
  return out;
}

/**
 * Reads and checks the configuration from `env` (default `process.env`).
 *
 * @throws ConfigError naming the first bad variable, in one line.
 * @example loadConfig({ PORT: "8080", AUTH: "off" }).port // 8080
 */
export function loadConfig(env: Environment = process.env): AppConfig {
  const given = present(env);
  const parsed = variables.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    // A URL may carry a password; the message never does.
    const value = variable.endsWith("_URL") ? redactUrl(given[variable] ?? "") : given[variable];
    throw new ConfigError(variable, `invalid configuration: ${variable} ${issue.message} (got ${JSON.stringify(value)})`);
  }
  const v = parsed.data;
  const nodeEnv = v.NODE_ENV ?? "development";
  return Object.freeze({
    nodeEnv,
    port: v.PORT ?? 3000,
    host: v.HOST ?? "127.0.0.1",
    databaseUrl: v.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    redisUrl: v.REDIS_URL,
    auth: v.AUTH ?? (nodeEnv === "production" ? "required" : "off"),
    corsOrigins: Object.freeze(v.CORS_ORIGINS ?? []),
    rateLimitMax: v.RATE_LIMIT_MAX ?? 600,
    rateLimitWindowMs: v.RATE_LIMIT_WINDOW ?? 60_000,
    bodyLimit: v.BODY_LIMIT ?? 1 << 20,
    uploadLimit: v.UPLOAD_LIMIT ?? 50 << 20,
    requestTimeoutMs: v.REQUEST_TIMEOUT_MS ?? 30_000,
    connectionTimeoutMs: v.CONNECTION_TIMEOUT_MS ?? 0,
    trustProxy: v.TRUST_PROXY ?? false,
    logLevel: v.LOG_LEVEL ?? "info",
    maxAssets: v.MAX_ASSETS ?? 2000,
    yahooUrl: v.PORTFOLIO_YAHOO_URL,
    stooqUrl: v.PORTFOLIO_STOOQ_URL,
  });
}

/**
 * Loads `path` (default `.env` in the working directory) into `process.env` when it exists;
 * variables already set are kept. Returns whether a file was read.
 */
export function loadEnvFile(path = ".env"): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
