/**
 * Calendar-month returns from an equity curve: each month's last value over the previous month's last
 * value (the first month over the curve's first value), as Portfolio Visualizer's monthly table.
 */
export interface MonthlyReturn {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly value: number;
}

export function monthlyReturns(equity: readonly (readonly [string, number])[]): MonthlyReturn[] {
  if (equity.length < 2) return [];
  const out: MonthlyReturn[] = [];
  let base = equity[0][1];
  for (let i = 0; i < equity.length; i++) {
    const [date, value] = equity[i];
    const next = equity[i + 1];
    if (next !== undefined && next[0].slice(0, 7) === date.slice(0, 7)) continue;
    out.push({ year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), value: value / base - 1 });
    base = value;
  }
  return out;
}

/** Drawdown below the running peak (0 at a peak, −0.25 at 25 % below it). */
export function drawdownOf(equity: readonly (readonly [string, number])[]): [string, number][] {
  let peak = -Infinity;
  return equity.map(([date, value]) => {
    peak = Math.max(peak, value);
    return [date, peak > 0 ? value / peak - 1 : 0];
  });
}
