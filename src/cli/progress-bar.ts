/**
 * A one-line progress bar for long commands, drawn on stderr only when stderr is a terminal and only
 * once the work has taken longer than a short delay, so quick runs, pipes and tests see no output at
 * all. It redraws in place with a carriage return and erases itself when done.
 */

export interface ProgressBarOptions {
  /** Writes to the terminal (stderr). */
  readonly write: (text: string) => void;
  /** Width of the terminal; the bar fits in it (default 80). */
  readonly columns?: number;
  /** Nothing is drawn before this many milliseconds have passed (default 1000). */
  readonly delayMs?: number;
  /** Milliseconds since some origin; injectable for tests (default `Date.now`). */
  readonly now?: () => number;
  readonly label?: string;
}

export interface ProgressBar {
  /** `fraction` in [0, 1]; `detail` is shown after the percentage (e.g. the date reached). */
  update(fraction: number, detail?: string): void;
  /** Erases the bar if it was drawn. Safe to call more than once. */
  done(): void;
}

const SILENT: ProgressBar = Object.freeze({ update: () => undefined, done: () => undefined });

/** A bar that draws nothing: for a stderr that is not a terminal. */
export function silentProgressBar(): ProgressBar {
  return SILENT;
}

export function progressBar(options: ProgressBarOptions): ProgressBar {
  const now = options.now ?? Date.now;
  const started = now();
  const delay = options.delayMs ?? 1000;
  const columns = Math.max(40, options.columns ?? 80);
  const label = options.label ?? "";
  let drawn = false;
  let lastText = "";

  return {
    update(fraction: number, detail = "") {
      if (now() - started < delay) return;
      const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
      const percent = `${Math.floor(100 * f)}%`.padStart(4);
      const tail = ` ${percent}${detail === "" ? "" : ` ${detail}`}`;
      const head = label === "" ? "" : `${label} `;
      // Leave the last column free: writing into it makes some terminals wrap.
      const width = Math.max(10, columns - 1 - head.length - tail.length - 2);
      const filled = Math.round(f * width);
      const text = `${head}[${"#".repeat(filled)}${".".repeat(width - filled)}]${tail}`;
      if (text === lastText) return;
      lastText = text;
      drawn = true;
      options.write(`\r${text}`);
    },
    done() {
      if (drawn) options.write("\r\u001b[2K");
      drawn = false;
      lastText = "";
    },
  };
}
