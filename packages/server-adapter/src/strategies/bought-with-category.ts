import type { Strategy } from './types.js';
import { collect, knownItems } from './collect.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * Products bought with the category `path` (a ` > ` path, lower-cased), best first: for each product `b` outside the
 * category, `C(b)` = Σ over the category's products `a` of `c(a,b)` (orders, or one shopper's purchases within
 * `copurchaseDays`), `n(C)` = Σ `n(a)`. Only products whose own category `B` is a complement of this one are kept:
 * bought by this category's buyers at least as often as by the others, `C(B) / n(C) ≥ (n(B) - C(B)) / (N - n(C))`,
 * counted over whole categories, where the counts are large enough to tell (a frame bought once by a contact-lens
 * wearer the week of their lens order is no complement of contact lenses: contact-lens buyers buy frames less often
 * than other shoppers do). Kept products are ranked by `C(b) / n(C)`, the share of the category's purchases that came
 * with `b`. Memoised until events arrive.
 */
export function categoryPartners(index: StrategyIndex, path: string): Array<{ productId: string; score: number }> {
  return index.memo(`bought-with:${path}`, () => {
    const { together, bought, complements } = categoryFacts(index, path);
    const out: Array<{ productId: string; score: number }> = [];
    for (const [b, c] of together) if (complements.has(categoryOf(index, b))) out.push({ productId: b, score: c / bought });
    return out.sort((x, y) => y.score - x.score || (x.productId < y.productId ? -1 : 1));
  });
}

/**
 * The categories (whole paths, lower-cased) that are complements of the category `path` (see {@link categoryPartners}):
 * what `co-purchase` may call "bought together" across categories.
 */
export function complementCategories(index: StrategyIndex, path: string): ReadonlySet<string> {
  return categoryFacts(index, path).complements;
}

/** A product's whole category path, lower-cased (the key of {@link complementCategories}). */
export function categoryOf(index: StrategyIndex, id: string): string {
  return index.product(id)?.categoryPath.join(' > ').toLowerCase() ?? '';
}

/**
 * Orders of a category the other shoppers must have, and the category's buyers must have been expected to have at
 * their rate, before its buyers' fewer orders of it are a verdict.
 */
const APART_EXPECTED = 3;

/**
 * Whether the category `other` (a whole path, lower-cased) is judged not to go with the category `path`: its buyers
 * buy `other` less than half as often as the other shoppers do, over counts large enough to tell (at least
 * {@link APART_EXPECTED} orders of `other` among the others', and as many expected among theirs at the others' rate:
 * a daily-lens category with thousands of orders and no solution among them). A parent category's partners of such a
 * category are left out: solution is bought with contact lenses, but not with daily ones.
 */
function apart(index: StrategyIndex, path: string, other: string): boolean {
  return verdict(index, path, other) === 'apart';
}

/**
 * What the purchases say of the category `other` with the category `path`: `apart` (see {@link apart}), `with` (its
 * buyers buy it at least half as often as the others, over counts as large) or nothing (too few orders to tell).
 */
function verdict(index: StrategyIndex, path: string, other: string): 'apart' | 'with' | undefined {
  return index.memo(`bought-with-verdict:${path}|${other}`, () => {
    const { bought, byCategory } = categoryFacts(index, path);
    const pairs = index.coPurchase;
    const rest = pairs.baskets - bought;
    if (!bought || rest <= 0 || !other) return undefined;
    const together = byCategory.get(other) ?? 0;
    let all = 0;
    for (const id of index.catalog.inCategory(other)) if (categoryOf(index, id) === other) all += pairs.itemCount(id);
    const elsewhere = Math.max(0, all - together);
    // the others' rate must rest on a few of their orders too, and the buyers' on the orders expected at that rate
    const expected = (elsewhere * bought) / rest;
    if (elsewhere < APART_EXPECTED || expected < APART_EXPECTED) return undefined;
    return together < expected / 2 ? 'apart' : 'with';
  });
}

/**
 * Whether the product `id` belongs to a category the purchases say is not bought with the product `context`: the
 * verdict of the context's most specific category that has orders enough to tell (see {@link apart}), so "bought
 * without daily lenses" wins over "bought with contact lenses". The `excludeApartCategories` placement filter.
 */
export function boughtApart(index: StrategyIndex, context: string, id: string): boolean {
  const path = index.product(context)?.categoryPath;
  const other = categoryOf(index, id);
  if (!path || !other) return false;
  for (let level = path.length; level >= 1; level--) {
    const found = verdict(index, path.slice(0, level).join(' > ').toLowerCase(), other);
    if (found) return found === 'apart';
  }
  return false;
}

function categoryFacts(index: StrategyIndex, path: string): { together: Map<string, number>; bought: number; complements: ReadonlySet<string>; byCategory: ReadonlyMap<string, number> } {
  return index.memo(`bought-with-facts:${path}`, () => {
    const pairs = index.coPurchase;
    const members = index.catalog.inCategory(path);
    const inside = new Set(members);
    const together = new Map<string, number>();
    let bought = 0;
    for (const a of members) {
      bought += pairs.itemCount(a);
      for (const [b, c] of pairs.partners(a)) if (!inside.has(b) && index.product(b)) together.set(b, (together.get(b) ?? 0) + c);
    }
    const complements = new Set<string>();
    const n = pairs.baskets;
    // the same sums per category of the partners (their whole category path)
    const byCategory = new Map<string, { c: number; n: number }>();
    for (const [b, c] of together) {
      const key = categoryOf(index, b);
      const sums = byCategory.get(key) ?? { c: 0, n: 0 };
      sums.c += c;
      byCategory.set(key, sums);
    }
    const counts = new Map([...byCategory].map(([key, sums]) => [key, sums.c]));
    if (!bought || !n) return { together, bought, complements, byCategory: counts };
    // with the category in (nearly) every order there is nothing to compare with: every partner category counts
    const rest = n - bought;
    for (const [key, sums] of byCategory) {
      for (const id of index.catalog.inCategory(key)) if (categoryOf(index, id) === key) sums.n += pairs.itemCount(id);
      // P(B | C) ≥ P(B | not C), as C(B) / n(C) ≥ (n(B) - C(B)) / (N - n(C))
      if (rest <= 0 || sums.c * rest >= Math.max(0, sums.n - sums.c) * bought) complements.add(key);
    }
    return { together, bought, complements, byCategory: counts };
  });
}

/**
 * `bought-with-category`: "complete the look" when the context product has few purchases of its own — what is bought
 * with products of its category (see {@link categoryPartners}): its most specific category first, then its parents
 * (a parent only while the deeper ones leave the answer short: sunglasses are completed from what sunglasses are
 * bought with, not from what any frame is; and never with a category the deeper ones are bought without, over counts
 * large enough to tell: daily contact lenses are not completed with the solution other contact lenses are bought
 * with). Without context items, the shopper's cart is the context.
 * Reason: "Often bought with Round" (the category's last level).
 */
export const boughtWithCategory: Strategy<StrategyIndex> = {
  name: 'bought-with-category',
  shopper: 'no-items',
  recommend(index, input) {
    let context = knownItems(index, input.items);
    if (!context.length) context = knownItems(index, input.shopper.cart.map((c) => c.productId), 10);
    const products = context.map((id) => index.product(id)!);
    const blocked = new Set(context);
    const out: ReturnType<Strategy['recommend']> = [];
    const taken = new Set<string>();
    const depth = Math.max(0, ...products.map((p) => p.categoryPath.length));
    const seen = new Set<string>();
    for (let level = depth; level >= 1 && out.length < input.depth; level--) {
      for (const p of products) {
        if (p.categoryPath.length < level || out.length >= input.depth) continue;
        const names = p.categoryPath.slice(0, level);
        const key = names.join(' > ').toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        // the product's deeper categories, whose buyers' evidence wins over this broader one's
        const deeper = p.categoryPath.slice(level).map((_, i) => p.categoryPath.slice(0, level + i + 1).join(' > ').toLowerCase());
        const found = collect(
          index,
          { ...input, depth: input.depth - out.length, accept: (id) => !blocked.has(id) && !taken.has(id) && (!input.accept || input.accept(id))
            && !deeper.some((d) => apart(index, d, categoryOf(index, id))) },
          categoryPartners(index, key),
          () => `Often bought with ${names[names.length - 1]}`,
        );
        // a parent category's items rank below the deeper ones already found (scores of different categories differ in scale)
        const floor = out.length ? out[out.length - 1].score : undefined;
        const max = found[0]?.score ?? 0;
        for (const item of found) {
          taken.add(item.productId);
          out.push(floor === undefined || !(max > 0) ? item : { ...item, score: floor * (0.5 + (0.5 * item.score) / max) * 0.999 });
        }
      }
    }
    return out;
  },
};
