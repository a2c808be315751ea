/**
 * Timestamps as the store writes them: ISO-8601 UTC with milliseconds, one fixed width, so they sort
 * as text and read back identically from SQLite and PostgreSQL.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function timestamp(clock: Clock): string {
  return clock().toISOString();
}
