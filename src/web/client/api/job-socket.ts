/// <reference lib="dom" />
/**
 * Follows a job to its end: events from the websocket `/ws` (subscribe to the job id; events are the
 * JobEvent union of src/jobs/job-runner.ts), with GET /jobs/:id polling as a fallback when the socket
 * cannot connect or goes quiet, so the progress bar always moves and always ends.
 */
import { ApiError, apiKey } from "./http.js";
import { getJob } from "./endpoints.js";

export type JobEvent =
  | { readonly type: "queued"; readonly jobId: number }
  | { readonly type: "started"; readonly jobId: number; readonly attempt: number }
  | { readonly type: "progress"; readonly jobId: number; readonly progress: number; readonly message?: string }
  | { readonly type: "succeeded"; readonly jobId: number; readonly resultRef?: string }
  | { readonly type: "retrying"; readonly jobId: number; readonly attempt: number; readonly error: { readonly code: string; readonly message: string } }
  | { readonly type: "failed"; readonly jobId: number; readonly error: { readonly code: string; readonly message: string } }
  | { readonly type: "cancelled"; readonly jobId: number };

export interface JobWatch {
  /** Resolves when the job succeeded; rejects with an ApiError-like problem when it failed or was cancelled. */
  readonly done: Promise<void>;
  stop(): void;
}

function socketUrl(): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const key = apiKey();
  return `${scheme}//${location.host}/ws${key ? `?access_token=${encodeURIComponent(key)}` : ""}`;
}

export function watchJob(jobId: number, onProgress: (fraction: number, message?: string) => void): JobWatch {
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let finished = false;
  let settle: { resolve: () => void; reject: (e: unknown) => void };
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });

  const stop = (): void => {
    finished = true;
    if (timer !== null) clearInterval(timer);
    socket?.close();
  };
  const succeed = (): void => {
    if (finished) return;
    onProgress(1);
    stop();
    settle.resolve();
  };
  const fail = (code: string, message: string): void => {
    if (finished) return;
    stop();
    settle.reject(new ApiError({ status: 422, title: "Backtest failed", code, detail: message }));
  };

  const handle = (event: JobEvent): void => {
    if (event.jobId !== jobId) return;
    if (event.type === "progress") onProgress(event.progress, event.message);
    else if (event.type === "succeeded") succeed();
    else if (event.type === "failed") fail(event.error.code, event.error.message);
    else if (event.type === "cancelled") fail("CANCELLED", "The backtest was cancelled.");
  };

  const poll = async (): Promise<void> => {
    try {
      const job = await getJob(jobId);
      if (typeof job.progress === "number") onProgress(job.progress);
      if (job.status === "succeeded" || job.status === "completed") succeed();
      else if (job.status === "failed") fail(job.error?.code ?? "FAILED", job.error?.message ?? "The backtest failed.");
      else if (job.status === "cancelled") fail("CANCELLED", "The backtest was cancelled.");
    } catch (error) {
      if (!finished) {
        stop();
        settle.reject(error);
      }
    }
  };

  try {
    socket = new WebSocket(socketUrl());
    socket.addEventListener("open", () => socket?.send(JSON.stringify({ type: "subscribe", jobId })));
    socket.addEventListener("message", (message) => {
      try {
        const data = JSON.parse(String(message.data)) as JobEvent | { type: "subscribed"; job: { id: number; status: string; progress?: number } };
        if (data.type === "subscribed") {
          // The job as it is now: it may have finished before we subscribed.
          if (typeof data.job.progress === "number") onProgress(data.job.progress);
          if (data.job.status !== "queued" && data.job.status !== "running") void poll();
        } else handle(data);
      } catch {
        // not an event (e.g. a subscription acknowledgement)
      }
    });
  } catch {
    socket = null;
  }
  // Polling every second also covers a socket that cannot connect (proxy, auth) or misses the end.
  timer = setInterval(() => void poll(), 1000);
  return { done, stop };
}
