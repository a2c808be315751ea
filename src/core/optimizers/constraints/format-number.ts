/**
 * Numbers as error messages quote them: 12 significant digits, so that `1 − 0.8` reads `0.2` and not
 * `0.19999999999999996` (the rounding is in the last of the 17 digits a double prints).
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(12)));
}
