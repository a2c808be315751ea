/** Whether two rebalance dates have the same eligible assets (panel columns, ascending). */
export function sameAssets(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
