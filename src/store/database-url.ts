/**
 * DATABASE_URL → which engine and where. `sqlite:PATH` takes a relative or absolute path (or
 * `:memory:`); `postgres://` / `postgresql://` is handed to `pg` unchanged. Descriptions used in
 * messages never include the password.
 */
import { isAbsolute, resolve } from "node:path";
import { StoreError } from "./errors.js";

export const DEFAULT_DATABASE_URL = "sqlite:./data/portfolio.db";

export type DatabaseTarget =
  | { readonly dialect: "sqlite"; readonly file: string }
  | {
      readonly dialect: "postgres";
      readonly connectionString: string;
      readonly host: string;
      readonly port: number;
      readonly database: string;
      readonly user: string;
    };

/** The URL with any password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^/]*@/i, "$1***@");
}

function sqliteTarget(url: string): DatabaseTarget {
  // `sqlite:///abs/path` and `sqlite://rel/path` are common spellings of the same thing.
  let path = url.slice("sqlite:".length);
  if (path.startsWith("//")) path = path.slice(2);
  if (path === "") {
    throw new StoreError("INVALID_DATABASE_URL", `DATABASE_URL '${url}' names no file; use e.g. sqlite:./data/portfolio.db`, { url });
  }
  if (path === ":memory:") return { dialect: "sqlite", file: path };
  return { dialect: "sqlite", file: isAbsolute(path) ? path : resolve(path) };
}

function postgresTarget(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new StoreError("INVALID_DATABASE_URL", `DATABASE_URL '${redactUrl(url)}' is not a valid URL`, { url: redactUrl(url) }, { cause });
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (parsed.hostname === "" && !parsed.searchParams.has("host")) {
    throw new StoreError("INVALID_DATABASE_URL", `DATABASE_URL '${redactUrl(url)}' names no host`, { url: redactUrl(url) });
  }
  return {
    dialect: "postgres",
    connectionString: url,
    host: parsed.hostname || (parsed.searchParams.get("host") ?? ""),
    port: parsed.port === "" ? 5432 : Number(parsed.port),
    database: database === "" ? decodeURIComponent(parsed.username) || "postgres" : database,
    user: decodeURIComponent(parsed.username),
  };
}

/** Parses DATABASE_URL; throws `INVALID_DATABASE_URL` naming the scheme it does not know. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const trimmed = url.trim();
  if (/^sqlite:/i.test(trimmed)) return sqliteTarget(trimmed);
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return postgresTarget(trimmed);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  throw new StoreError(
    "INVALID_DATABASE_URL",
    `DATABASE_URL '${redactUrl(trimmed)}' ` +
      (scheme === undefined ? "has no scheme" : `has unsupported scheme '${scheme}:'`) +
      "; use sqlite:PATH or postgres://user@host:port/database",
    { url: redactUrl(trimmed) },
  );
}

/** Where the target is, for messages: the file, or `host:port/database`. */
export function describeTarget(target: DatabaseTarget): string {
  return target.dialect === "sqlite" ? target.file : `${target.host}:${target.port}/${target.database}`;
}
