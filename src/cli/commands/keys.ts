/**
 * `portfolio keys create --name N | list | revoke ID`: API keys for the HTTP service. A key is
 * printed once, when created; the store keeps only its hash.
 */
import type { Command } from "commander";
import { loadEnvFile } from "../../config/index.js";
import { createApiKeyService, type ApiKeyService } from "../../service/index.js";
import { createApiKeyRepository, migrateToLatest, openDatabase } from "../../store/index.js";
import type { CliIo } from "../main.js";
import { positiveInteger } from "../option-parsers.js";

async function withKeys<T>(work: (keys: ApiKeyService) => Promise<T>): Promise<T> {
  loadEnvFile();
  const store = await openDatabase(process.env.DATABASE_URL || undefined);
  try {
    await migrateToLatest(store.db);
    return await work(createApiKeyService(createApiKeyRepository(store)));
  } finally {
    await store.close();
  }
}

export function registerKeys(program: Command, io: CliIo): void {
  const keys = program.command("keys").description("API keys for the HTTP service: create, list, revoke");

  keys
    .command("create")
    .description("create a key and print it (shown only this once)")
    .requiredOption("--name <name>", "who or what the key is for")
    .action(async (options: { name: string }) => {
      const { key, apiKey } = await withKeys((service) => service.create(options.name));
      io.stdout(`${key}\n`);
      io.stderr(`portfolio: created API key ${apiKey.id} '${apiKey.name}' (${apiKey.prefix}); store it now, it is not shown again\n`);
    });

  keys
    .command("list")
    .description("the keys: id, prefix, name, created, last used, revoked")
    .option("--json", "print one JSON array")
    .action(async (options: { json?: boolean }) => {
      const list = await withKeys((service) => service.list());
      if (options.json) {
        io.stdout(`${JSON.stringify(list)}\n`);
        return;
      }
      for (const k of list) {
        const state = k.revokedAt === null ? "active" : `revoked ${k.revokedAt}`;
        io.stdout(`${k.id}\t${k.prefix}\t${k.name}\tcreated ${k.createdAt}\tlast used ${k.lastUsedAt ?? "never"}\t${state}\n`);
      }
    });

  keys
    .command("revoke")
    .description("revoke a key: requests with it are refused (403) from now on")
    .argument("<id>", "the key's id (see keys list)", positiveInteger)
    .action(async (id: number) => {
      const revoked = await withKeys((service) => service.revoke(id));
      io.stdout(`revoked API key ${revoked.id} '${revoked.name}' (${revoked.prefix})\n`);
    });

  // main.ts sets these on its direct subcommands only; these are one level further down.
  for (const sub of keys.commands) sub.exitOverride().configureOutput(program.configureOutput());
}
