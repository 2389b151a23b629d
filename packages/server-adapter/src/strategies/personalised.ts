import type { Strategy } from './types.js';
import { collectBest } from './collect.js';
import { popularityMap, popularRanking } from './popular.js';
import type { StrategyIndex } from './strategy-index.js';

/** How many of the strongest category and brand affinities are used. */
const TOP_AFFINITIES = 5;

/**
 * `personalised`: products of the shopper's favourite categories and brands. A product's score is
 * `(Σ category affinity + Σ brand affinity) · (1 + ln(1 + popularity)) / (1 + ln(1 + max popularity))`, so
 * affinity decides first and popularity orders within it. Reasons: "Because you like Sunglasses" /
 * "Picked for you from Ray-Ban".
 */
export const personalised: Strategy<StrategyIndex> = {
  name: 'personalised',
  shopper: 'always',
  recommend(index, input) {
    const top = (record: Record<string, number>) =>
      Object.entries(record).filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1]).slice(0, TOP_AFFINITIES);
    const categories = top(input.shopper.affinities.category);
    const brands = top(input.shopper.affinities.brand);
    if (!categories.length && !brands.length) return [];
    const pop = popularityMap(index, input.now);
    const maxPop = popularRanking(index, input.now)[0]?.score ?? 0;
    const scores = new Map<string, { affinity: number; reason: string; best: number }>();
    const add = (ids: readonly string[], weight: number, reason: string) => {
      for (const id of ids) {
        const s = scores.get(id);
        if (!s) scores.set(id, { affinity: weight, reason, best: weight });
        else {
          s.affinity += weight;
          if (weight > s.best) {
            s.best = weight;
            s.reason = reason;
          }
        }
      }
    };
    // The most popular products of each favourite category and brand (memoised lists): bounded work per request.
    const perKey = Math.max(30, input.depth * 2 + 10);
    const byPopularity = (kind: string, key: string, ids: () => readonly string[]) =>
      index.memo(`by-popularity:${kind}:${key.toLowerCase()}:${Math.floor(input.now / 86_400_000)}`, () =>
        [...ids()].sort((a, b) => (pop.get(b) ?? 0) - (pop.get(a) ?? 0) || (a < b ? -1 : 1))).slice(0, perKey);
    for (const [category, w] of categories) add(byPopularity('c', category, () => index.catalog.inCategory(category)), w, `Because you like ${category}`);
    for (const [brand, w] of brands) add(byPopularity('b', brand, () => index.catalog.ofBrand(brand)), w, `Picked for you from ${brand}`);
    const norm = 1 + Math.log1p(maxPop);
    const ranked = [...scores].map(([productId, s]) => ({
      productId,
      score: (s.affinity * (1 + Math.log1p(pop.get(productId) ?? 0))) / norm,
    }));
    return collectBest(index, input, ranked, (id) => scores.get(id)!.reason);
  },
};
