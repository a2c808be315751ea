/**
 * The deployment files read by parsers, as the tools that use them would: the Dockerfile, compose,
 * the Render blueprint, the Heroku Procfile and app.json, the SAM template, the CI workflow and
 * .env.example. Each command they run must be a real CLI command with real options
 * (`node bin/portfolio.js <command> --help`), and each variable they give the application must be
 * one the configuration reads.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { projectPath } from "../support/reference.js";
import { builtCliMissing, configVariables, repoFile, runPortfolio, skipUnless } from "./support.js";

type Json = Record<string, unknown>;
const yaml = (path: string): Json => parse(repoFile(path), { merge: true, strict: true, uniqueKeys: true }) as Json;

const KNOWN = configVariables();
/**
 * Read by a library rather than by our configuration: node-postgres reads PGSSLMODE (Heroku
 * Postgres needs `no-verify`). Anything else must be a name `loadConfig` reads.
 */
const DRIVER_VARIABLES = new Set(["PGSSLMODE"]);

function assertKnownVariables(where: string, names: Iterable<string>): void {
  for (const name of names) {
    assert.ok(KNOWN.has(name) || DRIVER_VARIABLES.has(name), `${where} sets ${name}, which the configuration does not read (known: ${[...KNOWN].join(", ")})`);
  }
}

// ---- Dockerfile ---------------------------------------------------------------------------------

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly stage: number;
}

/** Dockerfile instructions with continuation lines joined and comments dropped, tagged by build stage. */
function dockerInstructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (current === "" && (line === "" || line.startsWith("#"))) continue;
    if (line.startsWith("#")) continue;
    current += (current === "" ? "" : " ") + line.replace(/\\$/, "").trim();
    if (!line.endsWith("\\")) {
      logical.push(current);
      current = "";
    }
  }
  let stage = -1;
  return logical.map((line) => {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line) as RegExpExecArray;
    if (keyword.toUpperCase() === "FROM") stage += 1;
    return { keyword: keyword.toUpperCase(), args, stage };
  });
}

/** The exec-form JSON array of CMD / ENTRYPOINT / HEALTHCHECK CMD. */
const execForm = (args: string): string[] => JSON.parse(args) as string[];

const CLI_PREFIX = ["node", "bin/portfolio.js"];

/** Every CLI invocation found in the deployment files, as argv after `portfolio`, with where it came from. */
const invocations: { where: string; argv: string[] }[] = [];
const invoke = (where: string, argv: string[]) => invocations.push({ where, argv });

/** `node bin/portfolio.js a b` → ["a", "b"]; anything else fails. */
function cliArgv(where: string, command: string): string[] {
  const words = command.trim().split(/\s+/);
  assert.deepEqual(words.slice(0, 2), CLI_PREFIX, `${where}: '${command}' should run node bin/portfolio.js`);
  return words.slice(2);
}

describe("Dockerfile", () => {
  const instructions = dockerInstructions(repoFile("Dockerfile"));
  const stages = instructions.filter((i) => i.keyword === "FROM");
  const last = stages.length - 1;
  const final = instructions.filter((i) => i.stage === last);

  test("is multi-stage: the runtime copies the build's output, not the sources", () => {
    assert.ok(stages.length >= 2, "at least a build and a runtime stage");
    assert.match(stages[0].args, / AS build$/i);
    const copies = final.filter((i) => i.keyword === "COPY").map((i) => i.args);
    assert.ok(copies.some((c) => c.includes("--from=build") && c.includes("/app/dist")), copies.join("\n"));
    assert.ok(copies.some((c) => c.includes("--from=build") && c.includes("/app/node_modules")), copies.join("\n"));
    assert.ok(!copies.some((c) => /(^|\s)src(\s|$)/.test(c)), "the runtime image carries no TypeScript sources");
    assert.ok(instructions.some((i) => i.stage < last && i.keyword === "RUN" && /npm prune --omit=dev/.test(i.args)), "dev dependencies are pruned");
  });

  test("runs as a non-root user", () => {
    const users = final.filter((i) => i.keyword === "USER").map((i) => i.args);
    assert.equal(users.length, 1, "one USER in the runtime stage");
    assert.ok(!["root", "0", "0:0"].includes(users[0]), `USER ${users[0]}`);
    const userAt = final.findIndex((i) => i.keyword === "USER");
    assert.ok(final.slice(userAt).every((i) => i.keyword !== "RUN"), "nothing runs as root after USER");
  });

  test("checks its health on /health", () => {
    const check = final.find((i) => i.keyword === "HEALTHCHECK");
    assert.ok(check !== undefined, "a HEALTHCHECK in the runtime stage");
    const [, cmd] = /CMD\s+(\[.*\])$/.exec(check.args) ?? [];
    assert.ok(cmd !== undefined, check.args);
    const argv = execForm(cmd);
    assert.equal(argv[0], "node", "the image has no curl or wget: node does the request");
    assert.match(argv.join(" "), /\/health/);
  });

  test("one image for serve, worker and migrate: the CLI is the entry point, serve the default", () => {
    const entry = final.find((i) => i.keyword === "ENTRYPOINT");
    const cmd = final.find((i) => i.keyword === "CMD");
    assert.deepEqual(execForm(entry?.args ?? "[]"), CLI_PREFIX);
    const argv = execForm(cmd?.args ?? "[]");
    assert.deepEqual(argv, ["serve"]);
    invoke("Dockerfile CMD", argv);
  });

  test("sets only variables the configuration reads, and copies only files that exist", () => {
    const names = final.filter((i) => i.keyword === "ENV").flatMap((i) => [...i.args.matchAll(/([A-Z_][A-Z0-9_]*)=/g)].map((m) => m[1]));
    assert.ok(names.includes("HOST"), "HOST=0.0.0.0: a container must listen beyond its loopback");
    assertKnownVariables("Dockerfile ENV", names);
    for (const copy of instructions.filter((i) => i.keyword === "COPY" && !i.args.includes("--from"))) {
      const words = copy.args.split(/\s+/).filter((w) => !w.startsWith("--"));
      for (const source of words.slice(0, -1)) assert.ok(existsSync(projectPath(source)), `COPY ${source}: no such file`);
    }
  });

  test(".dockerignore keeps secrets, dependencies and build output out of the context", () => {
    const ignored = repoFile(".dockerignore").split("\n").map((l) => l.trim());
    for (const entry of [".env", "node_modules", "dist", ".git", "data"]) assert.ok(ignored.includes(entry), `.dockerignore lacks ${entry}`);
  });
});

// ---- compose ------------------------------------------------------------------------------------

describe("compose.yaml", () => {
  const compose = yaml("compose.yaml");
  const services = compose.services as Record<string, Json>;
  const ours = Object.entries(services).filter(([, s]) => s.image === "portfolio-opt:latest" || s.build !== undefined);

  test("has the api (2 replicas), worker, migrate step, PostgreSQL, Redis and nginx", () => {
    for (const name of ["api", "worker", "migrate", "postgres", "redis", "nginx"]) assert.ok(services[name] !== undefined, `no ${name} service`);
    assert.equal((services.api.deploy as Json).replicas, 2);
    assert.deepEqual(ours.map(([name]) => name).sort(), ["api", "migrate", "worker"]);
    assert.equal(services.api.ports, undefined, "the API replicas are reached through nginx only");
    assert.ok(Array.isArray(services.nginx.ports));
  });

  test("named volumes for the data, declared at the top level", () => {
    const declared = Object.keys(compose.volumes as Json);
    for (const [name, service] of Object.entries(services)) {
      for (const volume of (service.volumes as string[] | undefined) ?? []) {
        const source = volume.split(":")[0];
        if (source.startsWith("./")) assert.ok(existsSync(projectPath(source)), `${name} mounts ${source}, which does not exist`);
        else assert.ok(declared.includes(source), `${name} uses volume ${source}, not declared`);
      }
    }
    for (const [name, path] of [["postgres", "/var/lib/postgresql/data"], ["redis", "/data"], ["api", "/data"]]) {
      assert.ok((services[name].volumes as string[]).some((v) => v.endsWith(`:${path}`)), `${name} keeps ${path} in a volume`);
    }
  });

  test("healthchecks, and depends_on conditions that can be met", () => {
    const healthy = (name: string) => {
      const check = services[name].healthcheck as Json | undefined;
      // The image's HEALTHCHECK counts too, unless the service turns it off.
      if (check === undefined) return ours.some(([n]) => n === name);
      return check.disable !== true && Array.isArray(check.test);
    };
    for (const name of ["api", "postgres", "redis", "nginx"]) assert.ok(healthy(name), `${name} has no healthcheck`);
    for (const [name, service] of Object.entries(services)) {
      for (const [target, spec] of Object.entries((service.depends_on as Record<string, Json> | undefined) ?? {})) {
        assert.ok(services[target] !== undefined, `${name} depends on unknown ${target}`);
        const condition = spec.condition as string;
        assert.ok(["service_started", "service_healthy", "service_completed_successfully"].includes(condition), `${name} → ${target}: ${condition}`);
        if (condition === "service_healthy") assert.ok(healthy(target), `${name} waits for ${target} to be healthy, but it has no healthcheck`);
      }
    }
    assert.equal((services.api.depends_on as Record<string, Json>).migrate.condition, "service_completed_successfully");
    assert.equal((services.nginx.depends_on as Record<string, Json>).api.condition, "service_healthy");
  });

  test("our services run CLI commands and set only variables the configuration reads", () => {
    for (const [name, service] of ours) {
      const command = service.command as string[];
      assert.ok(Array.isArray(command), `${name}: command as an exec array`);
      invoke(`compose ${name}`, command);
      assertKnownVariables(`compose ${name}`, Object.keys(service.environment as Json));
    }
  });

  test("Redis keeps every key (BullMQ) and PostgreSQL's password comes from .env", () => {
    assert.ok((services.redis.command as string[]).join(" ").includes("noeviction"));
    assert.match(String((services.postgres.environment as Json).POSTGRES_PASSWORD), /^\$\{POSTGRES_PASSWORD/);
  });
});

// ---- .env.example -------------------------------------------------------------------------------

test(".env.example names every configuration variable, plus only compose's own", () => {
  const names = repoFile(".env.example")
    .split("\n")
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => line.slice(0, line.indexOf("=")));
  const composeText = repoFile("compose.yaml");
  for (const name of names) {
    assert.ok(KNOWN.has(name) || composeText.includes(`\${${name}`), `.env.example has ${name}, read neither by the configuration nor by compose.yaml`);
  }
  for (const name of KNOWN) assert.ok(names.includes(name), `.env.example does not document ${name}`);
});

// ---- Render -------------------------------------------------------------------------------------

describe("render.yaml", () => {
  const blueprint = yaml("render.yaml");
  const services = blueprint.services as Json[];
  const databases = blueprint.databases as Json[];

  test("web + worker + PostgreSQL + Key Value, wired to each other by name", () => {
    const byType = (type: string) => services.filter((s) => s.type === type);
    assert.equal(byType("web").length, 1);
    assert.equal(byType("worker").length, 1);
    assert.equal(byType("keyvalue").length, 1);
    assert.equal(databases.length, 1);
    assert.equal(byType("keyvalue")[0].maxmemoryPolicy, "noeviction", "BullMQ needs noeviction");
    assert.equal(byType("web")[0].healthCheckPath, "/health");
    for (const service of [...byType("web"), ...byType("worker")]) {
      const vars = service.envVars as Json[];
      for (const v of vars) {
        const fromDatabase = v.fromDatabase as Json | undefined;
        const fromService = v.fromService as Json | undefined;
        if (fromDatabase !== undefined) assert.ok(databases.some((d) => d.name === fromDatabase.name), `${String(v.key)} names no database`);
        if (fromService !== undefined) assert.ok(services.some((s) => s.name === fromService.name && s.type === fromService.type), `${String(v.key)} names no service`);
        assert.equal([v.value, v.fromDatabase, v.fromService, v.sync, v.generateValue].filter((x) => x !== undefined).length, 1, `${String(v.key)}: one source`);
      }
      assertKnownVariables(`render ${String(service.name)}`, vars.map((v) => v.key as string));
      const keys = vars.map((v) => v.key);
      assert.ok(keys.includes("DATABASE_URL") && keys.includes("REDIS_URL"), `${String(service.name)} gets the database and Redis`);
      invoke(`render ${String(service.name)} startCommand`, cliArgv(`render ${String(service.name)}`, service.startCommand as string));
      if (service.preDeployCommand !== undefined) invoke(`render ${String(service.name)} preDeployCommand`, cliArgv(String(service.name), service.preDeployCommand as string));
    }
  });
});

// ---- Heroku -------------------------------------------------------------------------------------

describe("Procfile and app.json", () => {
  const processes = new Map(
    repoFile("Procfile")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const match = /^([a-z][a-z0-9_-]*):\s*(.+)$/.exec(line);
        assert.ok(match !== null, `Procfile line '${line}' is not 'type: command'`);
        return [match[1], match[2]] as const;
      }),
  );
  const app = JSON.parse(repoFile("app.json")) as Json;

  test("web, worker and a release phase, each a CLI command", () => {
    assert.deepEqual([...processes.keys()].sort(), ["release", "web", "worker"]);
    assert.match(processes.get("web") ?? "", /--host 0\.0\.0\.0/, "a dyno must listen on all interfaces (PORT comes from Heroku)");
    for (const [type, command] of processes) invoke(`Procfile ${type}`, cliArgv(`Procfile ${type}`, command));
  });

  test("app.json: formation matches the Procfile, PostgreSQL add-on, known variables", () => {
    for (const type of Object.keys(app.formation as Json)) assert.ok(processes.has(type), `formation ${type} is not in the Procfile`);
    assert.ok((app.addons as Json[]).some((a) => String(a.plan).startsWith("heroku-postgresql")));
    assertKnownVariables("app.json", Object.keys(app.env as Json));
    assert.equal(typeof app.name, "string");
  });
});

// ---- AWS SAM ------------------------------------------------------------------------------------

test("the SAM template points at the built Lambda handler and sets known variables", async () => {
  const template = yaml("deploy/aws/template.yaml");
  assert.equal(template.Transform, "AWS::Serverless-2016-10-31");
  const fn = (template.Resources as Record<string, Json>).ApiFunction;
  assert.equal(fn.Type, "AWS::Serverless::Function");
  const props = fn.Properties as Json;
  const [file, exported] = String(props.Handler).split(/\.(?=[^.]+$)/);
  assert.equal(exported, "handler");
  const module = (await import(projectPath("src", file.replace(/^dist\//, "") + ".ts"))) as Record<string, unknown>;
  assert.equal(typeof module[exported], "function", `${String(props.Handler)} is not an exported function`);
  assert.match(String((template.Globals as { Function: Json }).Function.Runtime), /^nodejs(20|22)\.x$/);
  assertKnownVariables("SAM template", Object.keys(((props.Environment as Json).Variables as Json)));
  const events = Object.values(props.Events as Record<string, Json>);
  assert.ok(events.every((e) => e.Type === "HttpApi"), "API Gateway HTTP API: payload format 2.0");
});

// ---- CI -----------------------------------------------------------------------------------------

test("the CI workflow installs, lints, type-checks, tests with PostgreSQL and Redis, and builds the image", () => {
  const workflow = yaml(".github/workflows/ci.yml");
  assert.ok((workflow.on as Json).push !== undefined && "pull_request" in (workflow.on as Json));
  const jobs = workflow.jobs as Record<string, Json>;
  const testJob = jobs.test;
  const services = testJob.services as Record<string, Json>;
  assert.match(String(services.postgres.image), /^postgres:/);
  assert.match(String(services.redis.image), /^redis:/);
  assert.equal((testJob.env as Json).CI, "true", "service-backed suites must fail, not skip, in CI");
  const runs = (testJob.steps as Json[]).map((s) => String(s.run ?? ""));
  for (const script of ["npm ci", "npm run lint", "npm test"]) assert.ok(runs.some((r) => r.includes(script)), `no step runs ${script}`);
  assert.ok(runs.some((r) => r.includes("nginx")), "the nginx deployment test needs nginx installed");
  const lint = JSON.parse(repoFile("package.json")).scripts.lint as string;
  assert.match(lint, /typecheck/, "npm run lint type-checks too");
  const image = jobs.image;
  assert.deepEqual(image.needs, "test");
  const steps = image.steps as Json[];
  assert.ok(steps.some((s) => String(s.uses ?? "").startsWith("docker/build-push-action")));
  assert.ok(steps.some((s) => /\/health/.test(String(s.run ?? ""))), "the built image is checked on /health");
});

// ---- the commands themselves ----------------------------------------------------------------------

const SYSTEMD_UNITS = ["portfolio-api@.service", "portfolio-worker@.service"];

test("systemd units and the backup script run CLI commands", () => {
  for (const unit of SYSTEMD_UNITS) {
    const exec = /^ExecStart=\/usr\/bin\/node \/opt\/portfolio-opt\/bin\/portfolio\.js (.+)$/m.exec(repoFile(`deploy/systemd/${unit}`));
    assert.ok(exec !== null, `${unit}: ExecStart runs /usr/bin/node /opt/portfolio-opt/bin/portfolio.js`);
    invoke(unit, exec[1].replace(/%i/g, "3001").split(/\s+/));
  }
  assert.match(repoFile("deploy/systemd/portfolio-backup.sh"), /bin\/portfolio\.js" backup "\$file"/);
  invoke("portfolio-backup.sh", ["backup", "backups/x.sqlite"]);
});

describe("every command in the deployment files is a real CLI command with real options", { skip: skipUnless(builtCliMissing(), "the CLI command checks") }, () => {
  test("node bin/portfolio.js <command> --help lists the command and each option used", async () => {
    assert.ok(invocations.length >= 10, `collected ${invocations.length} invocations; the suites above run first`);
    const distinct = new Map(invocations.map((i) => [i.argv.join(" "), i]));
    await Promise.all(
      [...distinct.values()].map(async ({ where, argv }) => {
        const command = argv[0];
        const help = await runPortfolio([command, "--help"]);
        assert.equal(help.code, 0, `${where}: portfolio ${command} --help failed: ${help.stderr}`);
        // commander answers an unknown command's --help with the program's help: check it is ours.
        assert.match(help.stdout, new RegExp(`^Usage: portfolio ${command} `), `${where}: '${command}' is not a portfolio command`);
        for (const option of argv.filter((a) => a.startsWith("--"))) {
          assert.ok(help.stdout.includes(option.split("=")[0]), `${where}: portfolio ${command} has no option ${option}`);
        }
      }),
    );
  });
});
