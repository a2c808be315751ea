/**
 * Serves the built dashboard (dist/web/public, made by scripts/build-web.mjs) at `/` from the API's
 * own server, so the page and the API share an origin (no CORS) and it works offline. Hashed assets
 * (`/assets/app-3F2A….js`) never change under their name, so they are cached for a year; index.html
 * names the current ones, so it is always revalidated. Precompressed .br/.gz copies are sent to
 * clients that accept them.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";

export interface DashboardPluginOptions {
  /** The built page (default: dist/web/public of this package, found from src/ or dist/). */
  readonly root?: string;
}

/** dist/web/public, two levels up from this module both in the sources (src/web) and the build (dist/web). */
export function dashboardRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, "..", "..", "dist", "web", "public");
}

const YEAR_SECONDS = 365 * 24 * 60 * 60;

async function dashboard(app: FastifyInstance, options: DashboardPluginOptions): Promise<void> {
  const root = options.root ?? dashboardRoot();
  if (!existsSync(join(root, "index.html"))) {
    app.log.warn({ root }, "dashboard not built: run `npm run build` (node scripts/build-web.mjs); / answers 503 until then");
    app.get("/", async (_request, reply) =>
      reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The dashboard has not been built. Run `npm run build` (or `node scripts/build-web.mjs`) and restart."),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    // One route per built file: no catch-all, so unknown /api/… paths still get the API's 404.
    wildcard: false,
    index: ["index.html"],
    preCompressed: true,
    cacheControl: false,
    etag: true,
    lastModified: true,
    decorateReply: false,
    setHeaders(reply, path) {
      const immutable = /[\\/]assets[\\/]/.test(path);
      reply.header("cache-control", immutable ? `public, max-age=${YEAR_SECONDS}, immutable` : "no-cache");
    },
  });
}

/** Registers the dashboard at `/`; register it after the API routes (it claims only the page's files). */
export const dashboardPlugin: FastifyPluginAsync<DashboardPluginOptions> = dashboard;
