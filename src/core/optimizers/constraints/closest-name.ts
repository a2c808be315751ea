/**
 * "Did you mean 'MSFT'?": the known name nearest to a misspelt one, by Levenshtein distance
 * (insertions, deletions, substitutions; Levenshtein, 1966) ignoring case, so `aapl` finds `AAPL`.
 */

/** Edit distance between `a` and `b`, with one row of the dynamic-programming table kept. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate nearest to `name` within `maxDistance` edits (case ignored), the first one listed on a
 * tie, or `undefined`. A candidate must also keep more than half of `name`: `X` is not a typo of `XOM`.
 */
export function closestName(name: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  const target = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(target, candidate.toLowerCase());
    if (d <= maxDistance && d < bestDistance && 2 * d < Math.max(name.length, candidate.length)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
