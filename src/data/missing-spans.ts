/**
 * Which dates of a request the store does not have, for the read-through cache. A ticker's stored
 * prices are taken as one unbroken span `first…last` (the cache only ever extends a span at its
 * ends, and imported files are trusted as given), so what is missing is the part of the request
 * before `first` and the part after `last`. A missing part with no weekday (a weekend) needs no
 * request; one made only of exchange holidays is asked for once each time, and comes back empty.
 * A request wholly before (after) the stored span also fetches the gap up to (from) it, so the
 * stored prices stay one unbroken span.
 */
import { addDays, hasWeekday } from "./calendar-days.js";
import type { StoredRange } from "./price-store.js";

/** Inclusive ISO dates. */
export interface DateSpan {
  readonly start: string;
  readonly end: string;
}

export function missingSpans(requested: DateSpan, stored: StoredRange | null): DateSpan[] {
  const { start, end } = requested;
  if (start > end) return [];
  const spans: DateSpan[] =
    stored === null || stored.rows === 0
      ? [{ start, end }]
      : [
          ...(start < stored.first ? [{ start, end: addDays(stored.first, -1) }] : []),
          ...(end > stored.last ? [{ start: addDays(stored.last, 1), end }] : []),
        ];
  return spans.filter((s) => hasWeekday(s.start, s.end));
}
