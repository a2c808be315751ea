/**
 * Through real HTTP and a real websocket client, on SQLite and PostgreSQL: the server listens on an
 * ephemeral port; a key is required; a backtest is submitted with fetch and its progress and
 * completion arrive on /ws; its result is stored and read back.
 */
import assert from "node:assert/strict";
import { before, test } from "node:test";
import WebSocket from "ws";
import { forEachApiDialect } from "./support.js";

forEachApiDialect("API over HTTP", { jobDelayMs: 300, app: { config: { auth: "required" } } }, (fixture) => {
  let base = "";
  let key = "";
  before(async () => {
    await fixture.app().listen({ port: 0, host: "127.0.0.1" });
    const address = fixture.app().server.address();
    assert.ok(typeof address === "object" && address !== null);
    base = `http://127.0.0.1:${address.port}`;
    key = (await fixture.app().services.apiKeys.create("e2e")).key;
  });

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(init.headers ?? {}) } });

  test("health is open; the API needs the key", async () => {
    assert.equal((await fetch(`${base}/health`)).status, 200);
    const denied = await fetch(`${base}/api/v1/assets`);
    assert.equal(denied.status, 401);
    assert.match(denied.headers.get("content-type") ?? "", /^application\/problem\+json/);
    assert.equal((await call("/api/v1/assets")).status, 200);
  });

  test("optimize over HTTP", async () => {
    const response = await call("/api/v1/optimize", { method: "POST", body: JSON.stringify({ tickers: ["AAPL", "KO", "XOM"], model: { kind: "minVolatility" } }) });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { runId: number; weights: Record<string, number> };
    assert.deepEqual(Object.keys(body.weights), ["AAPL", "KO", "XOM"]);
    assert.equal((await call(`/api/v1/results/${body.runId}`)).status, 200);
  });

  test("a backtest's progress and completion arrive on the websocket", async () => {
    const socket = new WebSocket(`${base.replace("http", "ws")}/ws`, { headers: { authorization: `Bearer ${key}` } });
    const messages: { type: string; jobId?: number; job?: { id: number } }[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    try {
      const submitted = await call("/api/v1/backtests", {
        method: "POST",
        body: JSON.stringify({ tickers: ["AAPL", "MSFT"], models: [{ kind: "maxSharpe" }], start: "2019-01-01", end: "2021-12-31" }),
      });
      assert.equal(submitted.status, 202);
      const location = submitted.headers.get("location") ?? "";
      const { jobId } = (await submitted.json()) as { jobId: number };
      assert.equal(location, `/api/v1/jobs/${jobId}`);
      socket.send(JSON.stringify({ type: "subscribe", jobId }));
      const deadline = Date.now() + 10_000;
      while (!messages.some((m) => m.type === "succeeded" && m.jobId === jobId) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const types = messages.filter((m) => m.jobId === jobId || m.job?.id === jobId).map((m) => m.type);
      assert.equal(types[0], "subscribed", JSON.stringify(messages));
      assert.ok(types.includes("succeeded"), JSON.stringify(messages));
      // Subscribed before the job started (it waits 300 ms), so its progress is seen too.
      assert.ok(types.includes("progress"), JSON.stringify(messages));
      const result = (await (await call(`${location}/result`)).json()) as { kind: string; run: { id: number } };
      assert.equal(result.kind, "backtest");
    } finally {
      socket.close();
    }
  });

  test("the websocket refuses a client without a key, and answers nonsense with an error message", async () => {
    const refused = new WebSocket(`${base.replace("http", "ws")}/ws`);
    const status = await new Promise<number>((resolve) => {
      refused.once("unexpected-response", (request, response) => {
        resolve(response.statusCode ?? 0);
        // ws leaves a refused upgrade's socket to its owner.
        request.destroy();
      });
      refused.once("open", () => resolve(101));
    });
    assert.equal(status, 401);
    const socket = new WebSocket(`${base.replace("http", "ws")}/ws?access_token=${encodeURIComponent(key)}`);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const reply = new Promise<{ type: string; code: string }>((resolve) => socket.once("message", (data) => resolve(JSON.parse(String(data)))));
    socket.send("not json");
    assert.deepEqual(await reply.then((m) => [m.type, m.code]), ["error", "INVALID_MESSAGE"]);
    socket.close();
  });
});
