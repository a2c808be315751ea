/**
 * Leaf order of a single-linkage clustering of a correlation matrix, so that the heatmap shows
 * correlated assets in blocks along the diagonal (the quasi-diagonalisation step of López de Prado's
 * HRP, 2016, with single linkage). Distance d = √(½(1 − ρ)), as in that paper.
 *
 * Agglomerative: repeatedly merge the two closest clusters; single linkage updates a merged cluster's
 * distance to every other one as the smaller of its parts' (Lance–Williams). Each cluster keeps its
 * leaves in dendrogram order, so the last cluster's leaves are the order. O(n³), fine for the few
 * hundred assets a heatmap can show.
 */
export function singleLinkageOrder(correlation: readonly (readonly number[])[]): number[] {
  const n = correlation.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const distance = correlation.map((row) => row.map((rho) => Math.sqrt(Math.max(0, 0.5 * (1 - (Number.isFinite(rho) ? rho : 0))))));
  const leaves: (number[] | null)[] = Array.from({ length: n }, (_, i) => [i]);
  for (let merges = 0; merges < n - 1; merges++) {
    let best = Infinity;
    let a = -1;
    let b = -1;
    for (let i = 0; i < n; i++) {
      if (leaves[i] === null) continue;
      for (let j = i + 1; j < n; j++) {
        if (leaves[j] !== null && distance[i][j] < best) {
          best = distance[i][j];
          a = i;
          b = j;
        }
      }
    }
    leaves[a] = [...(leaves[a] as number[]), ...(leaves[b] as number[])];
    leaves[b] = null;
    for (let k = 0; k < n; k++) {
      const d = Math.min(distance[a][k], distance[b][k]);
      distance[a][k] = d;
      distance[k][a] = d;
    }
  }
  return leaves.find((l) => l !== null) as number[];
}
