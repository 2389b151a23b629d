import type { Strategy } from './types.js';
import { collectBest, knownItems, sameAudience, titleOf } from './collect.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * `similar`: nearest neighbours of the context items by product embedding (category path, brand, price,
 * attributes; cosine similarity), from `input.neighbours` when an external vector search (pgvector) supplied them,
 * else from the index's in-process kNN. Without context items, the shopper's three latest views are the context.
 * A candidate's score is its best similarity to any context item it is for the same shoppers as (`sameAudience`:
 * gender and age group). Reason: "Similar to X".
 */
export const similar: Strategy<StrategyIndex> = {
  name: 'similar',
  shopper: 'no-items',
  recommend(index, input) {
    let context = knownItems(index, input.items);
    if (!context.length) context = knownItems(index, input.shopper.recentViews.map((v) => v.productId), 3);
    if (!context.length) return [];
    // twice the neighbours needed: those for another audience (a men's frame for a women's) are left out
    const k = Math.min(index.catalog.products.size, 2 * (input.depth * 2 + context.length + 20));
    const best = new Map<string, { score: number; from: string }>();
    for (const c of context) {
      const found = input.neighbours?.get(c) ?? index.nearest().neighbours(c, k);
      const of = index.product(c)!;
      for (const n of found) {
        const candidate = index.product(n.productId);
        if (!candidate || !sameAudience(of, candidate)) continue;
        const b = best.get(n.productId);
        if (!b || n.similarity > b.score) best.set(n.productId, { score: n.similarity, from: c });
      }
    }
    const ranked = [...best].map(([productId, b]) => ({ productId, score: b.score })).filter((r) => r.score > 0);
    const blocked = new Set(context);
    return collectBest(index, { ...input, accept: (id) => !blocked.has(id) && (!input.accept || input.accept(id)) },
      ranked, (id) => `Similar to ${titleOf(index, best.get(id)!.from)}`);
  },
};
