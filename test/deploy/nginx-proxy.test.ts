/**
 * Debian's nginx with the shipped site file (deploy/nginx/portfolio.conf, unchanged but for the
 * listen port and log paths) and the shipped upstream file (its two ports swapped for this run's)
 * in front of two `portfolio serve` processes that share one PostgreSQL database and one Redis, plus
 * a `portfolio worker`: HTTP through the proxy, gzip, the dashboard and a hashed asset's cache
 * header, a backtest's progress over the /ws websocket through the proxy, and the load spread over
 * both API processes (nginx's access log and each process's /metrics).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import WebSocket from "ws";
import { bullmqUnavailable, TEST_REDIS_URL } from "../jobs/redis-service.js";
import { createTestDatabase, type TestDatabase } from "../store/databases.js";
import { builtCliMissing, CLI, repoFile, runPortfolio, skipUnless, startChild, startServe, toolUnavailable, type ChildServer } from "./support.js";

const unavailable = toolUnavailable("nginx", "apt-get install nginx-light, or nginx") ?? builtCliMissing() ?? bullmqUnavailable;

/** Replaces `from` (which must occur exactly `count` times) in the shipped file: drift in the file fails here. */
function substitute(text: string, from: string, to: string, count = 1): string {
  const found = text.split(from).length - 1;
  assert.equal(found, count, `expected ${count} × '${from}' in the shipped nginx file, found ${found}`);
  return text.replaceAll(from, to);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs Redis commands on one logical database (SELECT first), for the cleanup. */
function redisOnDatabase(url: string, database: number, args: readonly string[]): Promise<void> {
  const { hostname, port } = new URL(url);
  const encode = (a: readonly string[]) => `*${a.length}\r\n${a.map((x) => `$${Buffer.byteLength(x)}\r\n${x}\r\n`).join("")}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    let replies = "";
    socket.setTimeout(3000, () => socket.destroy(new Error("Redis did not answer")));
    socket.on("connect", () => socket.write(encode(["SELECT", String(database)]) + encode(args)));
    socket.on("data", (chunk) => {
      replies += chunk.toString("utf8");
      if (replies.split("\r\n").length > 2) {
        socket.end();
        resolve();
      }
    });
    socket.on("error", reject);
  });
}

const portOf = (base: string): number => Number(new URL(base).port);

describe("nginx in front of two API processes and a worker", { skip: skipUnless(unavailable, "the nginx deployment test") }, () => {
  let database: TestDatabase | undefined;
  // A logical Redis database of its own (BullMQ keys stay apart from other test runs'); 1–15.
  const redisDatabase = 1 + Math.floor(Math.random() * 15);
  const redisUrl = new URL(TEST_REDIS_URL);
  redisUrl.pathname = `/${redisDatabase}`;
  const dir = mkdtempSync(join(tmpdir(), "portfolio-nginx-"));
  const children: ChildServer[] = [];
  let apis: { server: ChildServer; base: string }[] = [];
  let worker: ChildServer | undefined;
  let nginx: ChildServer | undefined;
  let proxy = "";

  before(async () => {
    database = await createTestDatabase("postgres");
    const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl.toString(), AUTH: "off", TRUST_PROXY: "127.0.0.1", NODE_ENV: "production" };
    // As in production: the schema first, then the processes (which would also migrate, one at a time).
    const migrated = await runPortfolio(["migrate"], env);
    assert.equal(migrated.code, 0, migrated.stderr);
    // One after the other: the first loads the sample prices into the empty database.
    apis = [await startServe(env), await startServe(env)];
    children.push(...apis.map((a) => a.server));
    worker = startChild(process.execPath, [CLI, "worker"], env);
    children.push(worker);
    await worker.waitForLine(/"msg":"worker ready"/);

    const upstream = substitute(
      substitute(repoFile("deploy/nginx/portfolio-upstream.conf"), "127.0.0.1:3001", `127.0.0.1:${portOf(apis[0].base)}`),
      "127.0.0.1:3002",
      `127.0.0.1:${portOf(apis[1].base)}`,
    );
    const port = await freePort();
    let site = repoFile("deploy/nginx/portfolio.conf");
    site = substitute(site, "listen 80;", `listen 127.0.0.1:${port};`);
    site = substitute(site, "listen [::]:80;", "");
    site = substitute(site, "/var/log/nginx/", `${dir}/`, 2);
    writeFileSync(join(dir, "portfolio-upstream.conf"), upstream);
    writeFileSync(join(dir, "portfolio.conf"), site);
    for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, temp));
    // The http block of Debian's nginx.conf, with every path in the temporary directory.
    writeFileSync(
      join(dir, "nginx.conf"),
      `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr notice;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/portfolio-upstream.conf;
  include ${dir}/portfolio.conf;
}
`,
    );
    const args = ["-p", dir, "-e", "stderr", "-c", join(dir, "nginx.conf")];
    const checked = startChild("nginx", ["-t", ...args]);
    assert.equal(await checked.exited, 0, `nginx -t rejected the shipped config:\n${checked.lines.join("\n")}`);
    nginx = startChild("nginx", args);
    children.push(nginx);
    proxy = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const answer = await fetch(`${proxy}/health`).catch(() => undefined);
      if (answer?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`nginx did not answer on ${proxy}:\n${nginx.lines.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  after(async () => {
    await Promise.all(children.map((child) => child.stop()));
    await database?.drop();
    await redisOnDatabase(TEST_REDIS_URL, redisDatabase, ["FLUSHDB"]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  test("health and an optimization through the proxy, with nginx's request id forwarded", async () => {
    const health = await fetch(`${proxy}/health`);
    assert.equal(health.status, 200);
    const body = (await health.json()) as { status: string; queueMode: string };
    assert.equal(body.status, "ok");
    assert.equal(body.queueMode, "bullmq");
    assert.match(health.headers.get("x-request-id") ?? "", /^[0-9a-f]{32}$/, "the API echoes the id nginx generated ($request_id)");

    const optimized = await fetch(`${proxy}/api/v1/optimize`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tickers: ["AAPL", "KO", "XOM", "JNJ", "PG"], model: { kind: "maxSharpe" }, riskModel: { kind: "ledoitWolf" } }),
    });
    assert.equal(optimized.status, 200, await optimized.clone().text());
    const result = (await optimized.json()) as { weights: Record<string, number>; runId: number };
    // Solver output: the budget holds to 1e-6.
    assert.ok(Math.abs(Object.values(result.weights).reduce((a, b) => a + b, 0) - 1) < 1e-6);

    const invalid = await fetch(`${proxy}/api/v1/optimize`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    assert.equal(invalid.status, 400);
    assert.match(invalid.headers.get("content-type") ?? "", /^application\/problem\+json/);
  });

  test("JSON is gzipped by nginx; /metrics is not published", async () => {
    const docs = await fetch(`${proxy}/docs/json`, { headers: { "accept-encoding": "gzip" } });
    assert.equal(docs.status, 200);
    assert.equal(docs.headers.get("content-encoding"), "gzip");
    assert.ok(((await docs.json()) as { openapi: string }).openapi.startsWith("3."));
    assert.equal((await fetch(`${proxy}/metrics`)).status, 404);
  });

  test("the dashboard, and a hashed asset compressed and cached for a year", async () => {
    const page = await fetch(`${proxy}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    const html = await page.text();
    const asset = /\/assets\/[\w.-]+-[A-Z0-9]{8}\.js/.exec(html)?.[0];
    assert.ok(asset !== undefined, `no hashed script in the page:\n${html.slice(0, 500)}`);

    const script = await fetch(`${proxy}${asset}`, { headers: { "accept-encoding": "gzip" } });
    assert.equal(script.status, 200);
    assert.equal(script.headers.get("content-encoding"), "gzip");
    assert.equal(script.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.match(script.headers.get("content-type") ?? "", /javascript/);
    assert.ok((await script.text()).length > 1000);

    const gone = await fetch(`${proxy}/assets/app-OLDHASH0.js`);
    assert.equal(gone.status, 404);
    assert.doesNotMatch(gone.headers.get("cache-control") ?? "", /immutable/, "a missing asset is not cached for a year");
  });

  test("a backtest submitted through the proxy streams its progress over /ws through the proxy", async () => {
    const socket = new WebSocket(`${proxy.replace("http", "ws")}/ws`);
    const messages: { type: string; jobId?: number; job?: { id: number; status: string } }[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    try {
      // Several models over many monthly rebalances: long enough that the subscription, sent right
      // after the 202, comes before the end of the run.
      const submitted = await fetch(`${proxy}/api/v1/backtests`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          tickers: ["AAPL", "MSFT", "KO", "XOM", "JNJ", "PG", "WMT", "JPM", "PEP", "MRK"],
          models: [{ kind: "maxSharpe" }, { kind: "minVolatility" }, { kind: "maxQuadraticUtility" }],
          rebalance: "monthly",
          start: "2004-01-01",
          end: "2022-12-31",
        }),
      });
      assert.equal(submitted.status, 202, await submitted.clone().text());
      const { jobId, location } = (await submitted.json()) as { jobId: number; location: string };
      socket.send(JSON.stringify({ type: "subscribe", jobId }));
      const deadline = Date.now() + 30_000;
      const ofJob = () => messages.filter((m) => m.jobId === jobId || m.job?.id === jobId);
      const finished = (m: (typeof messages)[number]) =>
        m.type === "succeeded" || m.type === "failed" || ["succeeded", "failed", "cancelled"].includes(m.job?.status ?? "");
      while (!ofJob().some(finished) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const types = ofJob().map((m) => m.type);
      assert.equal(types[0], "subscribed", JSON.stringify(messages));
      assert.ok(types.includes("progress"), `no progress event arrived: ${JSON.stringify(messages)}`);
      assert.equal(types.at(-1), "succeeded", JSON.stringify(messages));
      const result = await fetch(`${proxy}${location}/result`);
      assert.equal(result.status, 200);
      assert.equal(((await result.json()) as { kind: string }).kind, "backtest");
    } finally {
      socket.close();
    }
  });

  test("requests are spread over both API processes", async () => {
    const before = await Promise.all(apis.map((api) => healthCount(api.base)));
    const total = 40;
    for (let i = 0; i < total; i += 1) assert.equal((await fetch(`${proxy}/health`)).status, 200);
    const afterCounts = await Promise.all(apis.map((api) => healthCount(api.base)));
    const served = afterCounts.map((n, i) => n - before[i]);
    assert.equal(served[0] + served[1], total, `per process: ${served.join(", ")}`);
    // Round robin over two healthy upstreams: an even split, give or take a retried request.
    for (const n of served) assert.ok(n >= total / 2 - 2, `per process: ${served.join(", ")}`);

    // nginx's access log names the upstream of every request (the shipped log format).
    const log = readFileSync(join(dir, "portfolio.access.log"), "utf8");
    const upstreams = [...log.matchAll(/"GET \/health HTTP\/1\.1" 200 .* upstream=(\S+)/g)].map((m) => m[1]);
    for (const api of apis) assert.ok(upstreams.includes(`127.0.0.1:${portOf(api.base)}`), `no request went to ${api.base}:\n${log}`);
  });
});

/** `GET /health` requests a process has answered, from its own Prometheus counter. */
async function healthCount(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("http_requests_total{") && l.includes('route="/health"') && l.includes('status="200"'));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
}
