/**
 * The `k` entries with the largest score, best first; ties broken by id so answers are deterministic.
 * O(n): the k-th largest score is found by quickselect, then only the entries at or above it are sorted.
 */
export function topK<T extends { score: number; productId: string }>(items: readonly T[], k: number): T[] {
  if (k <= 0) return [];
  if (items.length <= k * 2) return [...items].sort(compare).slice(0, k);
  const scores = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) scores[i] = items[i].score;
  const threshold = kthLargest(scores, k);
  const kept: T[] = [];
  for (const item of items) if (item.score >= threshold) kept.push(item);
  return kept.sort(compare).slice(0, k);
}

/** Order: higher score first, then smaller id. */
export function compare(a: { score: number; productId: string }, b: { score: number; productId: string }): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}

/** The k-th largest value (1-based) of `values` (reordered in place), by iterative quickselect. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target];
}
