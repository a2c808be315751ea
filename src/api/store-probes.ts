/**
 * The two questions operations ask the database directly, outside any aggregate: is it answering
 * (`/health`), and how many jobs are in each state (`/metrics`, at scrape time).
 */
import { sql } from "kysely";
import type { Store } from "../store/index.js";

/** Resolves true when `select 1` answers within `timeoutMs`. */
export async function databaseAnswers(store: Store, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([sql`select 1`.execute(store.db).then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Jobs per status, e.g. `{ queued: 2, running: 1 }`. */
export async function jobCountsByStatus(store: Store): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom("jobs")
    .select((eb) => ["status", eb.fn.countAll<number>().as("count")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}
