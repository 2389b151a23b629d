import type { Product } from '@focal/sdk-core/contracts';
import { DAY_MS, type ScoredItem, type Strategy } from './types.js';
import { collect, knownItems, sameAudience } from './collect.js';
import { popularRanking } from './popular.js';
import type { StrategyIndex } from './strategy-index.js';

/** Category paths to look in, most specific first: each context product's path, then its parents. */
function categoryPaths(products: Product[]): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  const depth = Math.max(0, ...products.map((p) => p.categoryPath.length));
  for (let level = depth; level >= 1; level--) {
    for (const p of products) {
      if (p.categoryPath.length < level) continue;
      const path = p.categoryPath.slice(0, level);
      const key = path.join(' > ').toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        out.push(path);
      }
    }
  }
  return out;
}

/**
 * `popular-in-category`: the most popular products of the context products' categories (deepest level first,
 * widening to parents), for the same shoppers as a context product (`sameAudience`), or of the shopper's favourite
 * category. Reason: "Popular in Rectangle".
 */
export const popularInCategory: Strategy<StrategyIndex> = {
  name: 'popular-in-category',
  shopper: 'no-items',
  recommend(index, input) {
    let products = knownItems(index, input.items).map((id) => index.product(id)!);
    // for the context products' shoppers (gender, age group), as `similar`
    const context = products;
    const fits = (id: string) => !context.length || context.some((p) => sameAudience(p, index.product(id)!));
    if (!products.length) {
      const favourite = Object.entries(input.shopper.affinities.category).sort((a, b) => b[1] - a[1])[0]?.[0];
      const id = favourite ? index.catalog.inCategory(favourite)[0] : undefined;
      if (id) products = [{ ...index.product(id)!, categoryPath: [index.product(id)!.categoryPath[0]] }];
    }
    const out: ScoredItem[] = [];
    const taken = new Set<string>();
    const day = Math.floor(input.now / DAY_MS);
    for (const path of categoryPaths(products)) {
      if (out.length >= input.depth) break;
      const key = path.length > 1 ? path.join(' > ') : path[0];
      const ranked = index.memo(`popular-in:${key.toLowerCase()}:${day}`, () => {
        const members = new Set(index.catalog.inCategory(key));
        return popularRanking(index, input.now).filter((r) => members.has(r.productId));
      });
      const name = path[path.length - 1];
      const found = collect(
        index,
        { ...input, depth: input.depth - out.length, accept: (id) => !taken.has(id) && fits(id) && (!input.accept || input.accept(id)) },
        ranked,
        () => `Popular in ${name}`,
      );
      for (const item of found) taken.add(item.productId);
      out.push(...found);
    }
    return out;
  },
};
