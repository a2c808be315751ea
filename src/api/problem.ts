/**
 * Errors at the edge: every failure leaves as RFC 9457 `application/problem+json` with `type`,
 * `title`, `status`, `detail`, `instance` and our `code`. Domain errors get their status from the
 * one table in error-status.ts; Fastify's own (validation, malformed JSON, body too large, rate
 * limit) get theirs here. Anything else is a bug: logged with the request id, answered 500 with a
 * generic body. No stack trace ever reaches a client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { HTTP_ERROR_STATUS, problemType, statusOfCode } from "./error-status.js";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: string;
  readonly requestId?: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

/** An error the HTTP layer raises itself (auth, rate limit), with its code from HTTP_ERROR_STATUS. */
export class HttpProblem extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: keyof typeof HTTP_ERROR_STATUS & string, detail: string, headers: Record<string, string> = {}) {
    super(detail);
    this.name = "HttpProblem";
    this.code = code;
    this.statusCode = HTTP_ERROR_STATUS[code]?.status ?? 500;
    this.headers = Object.freeze({ ...headers });
  }
}

/** Fastify's error codes for bodies it could not read, by our code. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_CTP_BODY_TOO_LARGE: "BODY_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
};

const GENERIC_BY_STATUS: Readonly<Record<number, string>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  408: "REQUEST_TIMEOUT",
  413: "BODY_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

function instanceOf(request: FastifyRequest): string {
  // The path only: a query string may hold a token (`/ws?access_token=`).
  return request.url.split("?")[0];
}

export function problemOf(request: FastifyRequest, status: number, code: string, title: string, detail: string, errors?: Problem["errors"]): Problem {
  return {
    type: problemType(code),
    title,
    status,
    detail,
    instance: instanceOf(request),
    code,
    requestId: String(request.id),
    ...(errors === undefined ? {} : { errors }),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

interface ValidationItem {
  readonly instancePath?: string;
  readonly message?: string;
}

/** `body/tickers/0: Invalid input` for each invalid field. */
function validationErrors(error: FastifyError): { path: string; message: string }[] {
  const context = (error as { validationContext?: string }).validationContext ?? "request";
  const items = (error.validation ?? []) as ValidationItem[];
  return items.map((item) => ({
    path: `${context}${item.instancePath ?? ""}`,
    message: item.message ?? "is invalid",
  }));
}

/** Classifies `error` into the problem a client is told; `bug` when it must be logged as one. */
export function problemOfError(request: FastifyRequest, error: unknown): { problem: Problem; bug: boolean } {
  const e = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(error) || (e?.validation !== undefined && Array.isArray(e.validation))) {
    const errors = validationErrors(e);
    const detail = errors.map((x) => `${x.path}: ${x.message}`).join("; ") || "the request does not match its schema";
    return { problem: problemOf(request, 400, "VALIDATION_FAILED", HTTP_ERROR_STATUS.VALIDATION_FAILED.title, detail, errors), bug: false };
  }
  const code = typeof e?.code === "string" ? e.code : undefined;
  if (error instanceof HttpProblem) {
    const entry = HTTP_ERROR_STATUS[error.code];
    return { problem: problemOf(request, error.statusCode, error.code, entry.title, error.message), bug: false };
  }
  if (code !== undefined && FASTIFY_CODES[code] !== undefined) {
    const ours = FASTIFY_CODES[code];
    const entry = HTTP_ERROR_STATUS[ours];
    return { problem: problemOf(request, entry.status, ours, entry.title, e.message), bug: false };
  }
  const domain = code === undefined ? undefined : statusOfCode(code);
  if (domain !== undefined && code !== undefined) {
    // A dependency failing (database, provider) is not the client's doing: its message may name
    // hosts, so 5xx details stay generic and the full error goes to the log.
    // A market-data provider is named (it is public), its reason is not (it may name a proxy's address).
    const provider = (e as { details?: { provider?: unknown } }).details?.provider;
    const unavailable = typeof provider === "string" ? `${provider} could not be reached; try again later` : "the service cannot answer right now; try again later";
    const detail = domain.status >= 500 ? unavailable : e.message;
    return { problem: problemOf(request, domain.status, code, domain.title, detail), bug: domain.status >= 500 };
  }
  const status = typeof e?.statusCode === "number" ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const ours = GENERIC_BY_STATUS[status] ?? "BAD_REQUEST";
    const title = HTTP_ERROR_STATUS[ours]?.title ?? "Bad request";
    return { problem: problemOf(request, status, ours, title, e.message || title), bug: false };
  }
  const entry = HTTP_ERROR_STATUS.INTERNAL_ERROR;
  const detail = `an unexpected error occurred; quote request id ${String(request.id)} when reporting it`;
  return { problem: problemOf(request, 500, "INTERNAL_ERROR", entry.title, detail), bug: true };
}

/** Installs the error and not-found handlers on `app`. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { problem, bug } = problemOfError(request, error);
    if (bug) request.log.error({ err: error }, "request failed");
    if (error instanceof HttpProblem) for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const entry = HTTP_ERROR_STATUS.NOT_FOUND;
    return sendProblem(reply, problemOf(request, 404, "NOT_FOUND", entry.title, `no route ${request.method} ${instanceOf(request)}`));
  });
}
