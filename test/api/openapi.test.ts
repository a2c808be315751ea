/**
 * The OpenAPI document at /docs/json validates (@apidevtools/swagger-parser) and lists every route
 * the app registers (collected with Fastify's onRoute hook), except Swagger UI's own pages.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { RouteOptions } from "fastify";
import { forEachApiDialect } from "./support.js";

const routes: { method: string; url: string }[] = [];
const collect = (route: RouteOptions) => {
  for (const method of [route.method].flat()) routes.push({ method: method.toLowerCase(), url: route.url });
};

/** Fastify's `/x/:id` → OpenAPI's `/x/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, "{$1}");

forEachApiDialect("OpenAPI document", { dialects: ["sqlite"], seed: false, app: { onRoute: collect } }, (fixture) => {
  test("validates as OpenAPI", async () => {
    const response = await fixture.app().inject({ url: "/docs/json" });
    assert.equal(response.statusCode, 200);
    const document = JSON.parse(response.body);
    assert.equal(document.openapi, "3.1.0");
    await SwaggerParser.validate(structuredClone(document));
  });

  test("every registered route is documented", async () => {
    const document = JSON.parse((await fixture.app().inject({ url: "/docs/json" })).body) as { paths: Record<string, Record<string, unknown>> };
    const own = routes.filter((r) => !r.url.startsWith("/docs") && r.method !== "head" && r.method !== "options");
    assert.ok(own.length >= 20, `only ${own.length} routes collected`);
    const missing = own.filter((r) => document.paths[openApiPath(r.url)]?.[r.method] === undefined);
    assert.deepEqual(missing, []);
  });

  test("request bodies are documented from their schemas", async () => {
    const document = JSON.parse((await fixture.app().inject({ url: "/docs/json" })).body);
    const body = document.paths["/api/v1/optimize"].post.requestBody.content["application/json"].schema;
    assert.ok(JSON.stringify(body).includes("maxSharpe"), "the model union is in the document");
    assert.ok(document.paths["/health"].get.security.length === 0, "/health needs no key");
  });

  test("Swagger UI is served at /docs", async () => {
    const response = await fixture.app().inject({ url: "/docs/" });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /text\/html/);
  });
});
