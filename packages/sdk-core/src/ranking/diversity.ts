/** The diversity pass: no more than N items of one category or brand among the first K slots. */
import { categoryKey } from './session-state.js';

export interface DiversityOptions {
  /** Most items of one category (see `categoryKey`) in the first `window` slots. @default 3 */
  maxPerCategory?: number;
  /** Most items of one brand in the first `window` slots. @default 2 */
  maxPerBrand?: number;
  /** How many leading slots the caps apply to. @default 8 */
  window?: number;
}

export const DEFAULT_DIVERSITY: Required<DiversityOptions> = { maxPerCategory: 3, maxPerBrand: 2, window: 8 };

/**
 * Greedy re-ordering (pure): fills the first `window` slots with the best-ranked item that keeps every category and
 * brand within its cap; items that would break a cap move down, keeping their relative order. When no remaining
 * item fits, the best remaining one is taken (the list is never shortened). Items without a category or brand are
 * never capped on that field.
 */
export function diversify<T extends { categoryPath?: readonly string[]; brand?: string }>(
  items: readonly T[],
  options: DiversityOptions = {},
): T[] {
  const { maxPerCategory, maxPerBrand, window } = { ...DEFAULT_DIVERSITY, ...options };
  const rest = [...items];
  const out: T[] = [];
  const perCategory = new Map<string, number>();
  const perBrand = new Map<string, number>();
  while (rest.length && out.length < window) {
    let pick = rest.findIndex((it) => {
      const cat = categoryKey(it.categoryPath);
      const brand = it.brand?.toLowerCase();
      return (cat === undefined || (perCategory.get(cat) ?? 0) < maxPerCategory)
        && (!brand || (perBrand.get(brand) ?? 0) < maxPerBrand);
    });
    if (pick < 0) pick = 0;
    const [item] = rest.splice(pick, 1);
    const cat = categoryKey(item.categoryPath);
    const brand = item.brand?.toLowerCase();
    if (cat !== undefined) perCategory.set(cat, (perCategory.get(cat) ?? 0) + 1);
    if (brand) perBrand.set(brand, (perBrand.get(brand) ?? 0) + 1);
    out.push(item);
  }
  return out.concat(rest);
}
