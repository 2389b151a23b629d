import type { Strategy } from './types.js';
import { collect } from './collect.js';
import { popularRanking } from './popular.js';
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
    const pop = new Map(popularRanking(index, input.now).map((r) => [r.productId, r.score]));
    const maxPop = Math.max(0, ...pop.values());
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
    for (const [category, w] of categories) add(index.catalog.inCategory(category), w, `Because you like ${category}`);
    for (const [brand, w] of brands) add(index.catalog.ofBrand(brand), w, `Picked for you from ${brand}`);
    const norm = 1 + Math.log1p(maxPop);
    const ranked = [...scores].map(([productId, s]) => ({
      productId,
      score: (s.affinity * (1 + Math.log1p(pop.get(productId) ?? 0))) / norm,
    }));
    ranked.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
    return collect(index, input, ranked, (id) => scores.get(id)!.reason);
  },
};
