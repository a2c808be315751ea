/**
 * A binary min-heap of open nodes keyed by their lower bound, for best-bound backtracking: when a dive
 * ends, the search resumes at the open node whose bound is least, the one that still could hold the
 * optimum by the widest margin. Ties go to the deeper node, which is closer to a leaf.
 */
export interface Keyed {
  readonly bound: number;
  readonly depth: number;
}

function before(a: Keyed, b: Keyed): boolean {
  return a.bound < b.bound || (a.bound === b.bound && a.depth > b.depth);
}

export class NodeHeap<T extends Keyed> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The least bound among the open nodes (+Infinity when there are none). */
  get leastBound(): number {
    return this.items.length === 0 ? Infinity : this.items[0].bound;
  }

  push(item: T): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right], items[left]) ? right : left;
      if (!before(items[child], last)) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }
}
