/**
 * Names shared by every process of one deployment: the BullMQ queue, its key prefix, the events
 * channel, and the BullMQ job id of a jobs-table row (BullMQ refuses integer-like custom ids, so row
 * 42 is `job-42`; both sides derive one from the other).
 */
export interface QueueNames {
  /** Redis key prefix (default `portfolio`); a test run uses its own so runs never collide. */
  readonly prefix: string;
  readonly queue: string;
  readonly eventsChannel: string;
}

export function queueNames(prefix = "portfolio"): QueueNames {
  return { prefix, queue: "jobs", eventsChannel: `${prefix}:jobs:events` };
}

export const bullJobId = (id: number): string => `job-${id}`;

/** What a BullMQ job carries: only the row's id; the row holds the payload and the policy. */
export interface BullJobData {
  readonly jobId: number;
}
