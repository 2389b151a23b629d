import type { Neighbour } from './types.js';

/**
 * Exact in-process k-nearest-neighbour search by cosine similarity over unit vectors: one dot product per product,
 * over each product's non-zero dimensions only (~2,400 × 20 multiply-adds for the demo catalog).
 * Answers are memoised per product until the vectors change.
 */
export class InProcessKnn {
  private readonly ids: string[] = [];
  private readonly vectors: Float32Array[] = [];
  /** Non-zero dimensions of each vector (product embeddings are sparse: a few dozen of several hundred). */
  private readonly sparse: Array<{ dims: Uint16Array | Uint32Array; values: Float32Array }> = [];
  private readonly position = new Map<string, number>();
  private readonly memo = new Map<string, Neighbour[]>();

  constructor(private readonly memoSize = 5000) {}

  /** Replaces every vector. */
  reset(entries: Iterable<[string, Float32Array]>): void {
    this.ids.length = 0;
    this.vectors.length = 0;
    this.sparse.length = 0;
    this.position.clear();
    this.memo.clear();
    for (const [id, vector] of entries) {
      this.position.set(id, this.ids.length);
      this.ids.push(id);
      this.vectors.push(vector);
      const dims: number[] = [];
      for (let d = 0; d < vector.length; d++) if (vector[d] !== 0) dims.push(d);
      this.sparse.push({
        dims: vector.length < 65536 ? Uint16Array.from(dims) : Uint32Array.from(dims),
        values: Float32Array.from(dims, (d) => vector[d]),
      });
    }
  }

  /** The vector of `id`, if indexed. */
  vector(id: string): Float32Array | undefined {
    const i = this.position.get(id);
    return i === undefined ? undefined : this.vectors[i];
  }

  /** The `k` most similar other products of `id`, best first (empty when `id` is unknown). */
  neighbours(id: string, k: number): Neighbour[] {
    const cached = this.memo.get(id);
    if (cached && cached.length >= k) return cached.slice(0, k);
    const query = this.vector(id);
    if (!query) return [];
    const found = this.search(query, k, id);
    if (this.memo.size >= this.memoSize) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.set(id, found);
    return found;
  }

  /** The `k` vectors most similar to `query`, best first, skipping `exclude`. */
  search(query: Float32Array, k: number, exclude?: string): Neighbour[] {
    const best: Neighbour[] = [];
    for (let i = 0; i < this.vectors.length; i++) {
      const id = this.ids[i];
      if (id === exclude) continue;
      const { dims, values } = this.sparse[i];
      let dot = 0;
      for (let j = 0; j < dims.length; j++) dot += values[j] * query[dims[j]];
      if (best.length === k && dot <= best[k - 1].similarity) continue;
      let j = best.length < k ? best.length : k - 1;
      if (best.length < k) best.push({ productId: id, similarity: dot });
      while (j > 0 && best[j - 1].similarity < dot) {
        best[j] = best[j - 1];
        j--;
      }
      best[j] = { productId: id, similarity: dot };
    }
    return best;
  }
}
