/// <reference lib="dom" />
/**
 * The one door to the HTTP API. Errors come back as RFC 9457 problem+json; we keep the whole problem
 * so screens can show its `detail` inline, which is written for people (it names the ticker, the
 * bound, the date).
 */
export const API_BASE = "/api/v1";

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code?: string;
  /** Each invalid field, for validation errors. */
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = "ApiError";
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

/** An API key typed once into the settings (only needed when the server runs with AUTH=required). */
export function apiKey(): string | null {
  try {
    return localStorage.getItem("portfolio.apiKey");
  } catch {
    return null;
  }
}

export function setApiKey(key: string): void {
  if (key) localStorage.setItem("portfolio.apiKey", key);
  else localStorage.removeItem("portfolio.apiKey");
}

export interface RequestOptions {
  readonly method?: string;
  readonly json?: unknown;
  readonly text?: string;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<Problem> & { message?: string };
    return { ...body, status: body.status ?? response.status, detail: body.detail ?? body.message };
  } catch {
    return { status: response.status, title: response.statusText, detail: text || response.statusText };
  }
}

/** Sends a request under /api/v1 and returns the parsed JSON (null for 204), or throws ApiError. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers["content-type"] = options.contentType ?? "text/plain";
    body = options.text;
  }
  const key = apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body, signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({ status: 0, title: "Network error", detail: "The server cannot be reached. Is it running?" });
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  if (response.status === 204) return null as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** True when the endpoint is not there (yet): screens degrade with a message instead of failing. */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && (error.problem.code === undefined || error.problem.code === "NOT_FOUND" || error.problem.code === "ROUTE_NOT_FOUND");
}
