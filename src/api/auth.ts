/**
 * API-key authentication (`Authorization: Bearer pk_…`). With AUTH=required every request under
 * /api/, /metrics and /ws needs a valid key: none → 401 with `WWW-Authenticate`, a wrong or revoked
 * one → 403. /health, /docs and the dashboard's static files stay open, so load balancers and
 * people can reach them. The websocket may pass its key as `?access_token=` (RFC 6750 §2.3),
 * because browsers cannot set headers on a websocket.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApiKey } from "../store/index.js";
import type { ApiKeyService } from "../service/index.js";
import { HttpProblem } from "./problem.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The verified key of the request, when it sent one (and auth is on). */
    apiKey?: ApiKey;
  }
}

const CHALLENGE = 'Bearer realm="portfolio-opt"';

/** Paths that need a key when auth is required. */
export function isProtectedPath(url: string): boolean {
  const path = url.split("?")[0];
  return path.startsWith("/api/") || path === "/api" || path === "/metrics" || path === "/ws";
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) throw new HttpProblem("UNAUTHORIZED", "the Authorization header must be 'Bearer <API key>'", { "WWW-Authenticate": `${CHALLENGE}, error="invalid_request"` });
    return match[1];
  }
  if (request.url.startsWith("/ws?")) {
    const token = new URLSearchParams(request.url.slice(4)).get("access_token");
    if (token !== null) return token;
  }
  return undefined;
}

/** Adds the authentication hook to `app` (a no-op when `required` is false). */
export function registerAuth(app: FastifyInstance, keys: ApiKeyService, required: boolean): void {
  if (!required) return;
  app.addHook("onRequest", async (request) => {
    if (!isProtectedPath(request.url)) return;
    const key = presentedKey(request);
    if (key === undefined) throw new HttpProblem("UNAUTHORIZED", "an API key is required: send 'Authorization: Bearer <API key>'", { "WWW-Authenticate": CHALLENGE });
    const check = await keys.verify(key);
    if (check.status === "revoked") throw new HttpProblem("FORBIDDEN", `API key ${check.apiKey.prefix} has been revoked`);
    if (check.status !== "valid") throw new HttpProblem("FORBIDDEN", "the API key is not valid");
    request.apiKey = check.apiKey;
  });
}
