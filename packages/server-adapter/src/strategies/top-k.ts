/**
 * The `k` entries with the largest score, best first; ties broken by id so answers are deterministic.
 * Linear in the input for small `k`.
 */
export function topK<T extends { score: number; productId: string }>(items: Iterable<T>, k: number): T[] {
  const out: T[] = [];
  if (k <= 0) return out;
  for (const item of items) {
    if (out.length === k && compare(item, out[k - 1]) >= 0) continue;
    let i = out.length < k ? out.length : k - 1;
    if (out.length < k) out.push(item);
    while (i > 0 && compare(item, out[i - 1]) < 0) {
      out[i] = out[i - 1];
      i--;
    }
    out[i] = item;
  }
  return out;
}

/** Order: higher score first, then smaller id. */
export function compare(a: { score: number; productId: string }, b: { score: number; productId: string }): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}
