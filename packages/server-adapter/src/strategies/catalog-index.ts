import type { Product } from '@focal/sdk-core/contracts';

/**
 * When a product was first listed in the catalog and last came back in stock (epoch ms), as the store records them
 * (`products.listed_at`, `restocked_at`: the same in every process, across restarts and for `train`).
 */
export interface Listing {
  listedAt: number;
  restockedAt?: number;
}

/**
 * The names a product answers to in category constraints and affinities: every level's name and every path
 * prefix joined with ` > `, lower-cased (`frames`, `optical frames`, `frames > optical frames`).
 */
export function categoryKeys(product: Pick<Product, 'categoryPath'>): string[] {
  const keys = new Set<string>();
  product.categoryPath.forEach((name, i) => {
    keys.add(name.toLowerCase());
    if (i > 0) keys.add(product.categoryPath.slice(0, i + 1).join(' > ').toLowerCase());
  });
  return [...keys];
}

/** Whether a product is in a category given by level name or ` > ` path (case-insensitive). */
export function inCategory(product: Pick<Product, 'categoryPath'>, category: string): boolean {
  return categoryKeys(product).includes(category.trim().toLowerCase());
}

/** FNV-1a over a string, as 8 hex digits. */
function fnv1a(text: string, seed = 0x811c9dc5): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The catalog as strategies read it: products by id, by category key and by brand, and a content version
 * (the same catalog gives the same version in every process, so it can key a shared cache).
 */
export class CatalogIndex {
  readonly products = new Map<string, Product>();
  private readonly byCategory = new Map<string, string[]>();
  private readonly byBrand = new Map<string, string[]>();
  private readonly keys = new Map<string, ReadonlySet<string>>();
  private readonly hashes = new Map<string, string>();
  /** Epoch ms at which a product last came back in stock: as its {@link Listing} says, else when this index saw it. */
  readonly restockedAt = new Map<string, number>();
  /** Epoch ms at which a product was first listed: as its {@link Listing} says, else when this index first loaded it. */
  readonly listedAt = new Map<string, number>();
  private versionText = 'empty';
  /** How many products (in stock, else any) are priced in each currency. */
  private currencyCounts = new Map<string, number>();
  private mainCurrencyCode: string | undefined;

  /** Whether products are priced in more than one currency (an answer then keeps to one). */
  get multiCurrency(): boolean {
    return this.currencyCounts.size > 1;
  }

  /** The currency most products in stock are priced in (ties: the first in alphabetical order); undefined when empty. */
  get mainCurrency(): string | undefined {
    return this.mainCurrencyCode;
  }

  /** Content version of the catalog (changes when any product, price or stock changes). */
  get version(): string {
    return this.versionText;
  }

  /**
   * Replaces the whole catalog. A product with a `listings` entry takes its times from it; one without is listed at
   * `now` when first loaded, and restocked at `now` when it comes back in stock (times only this index knows).
   */
  set(products: Iterable<Product>, now = Date.now(), listings?: ReadonlyMap<string, Listing>): void {
    const next = new Map<string, Product>();
    for (const p of products) next.set(p.id, p);
    for (const id of [...this.products.keys()]) if (!next.has(id)) this.products.delete(id);
    this.upsert(next.values(), now, listings);
  }

  /** Adds or replaces products (a feed delta, a stock change); `now` and `listings` as in {@link set}. */
  upsert(products: Iterable<Product>, now = Date.now(), listings?: ReadonlyMap<string, Listing>): void {
    for (const p of products) {
      const before = this.products.get(p.id);
      const listing = listings?.get(p.id);
      if (listing) {
        this.listedAt.set(p.id, listing.listedAt);
        if (listing.restockedAt === undefined) this.restockedAt.delete(p.id);
        else this.restockedAt.set(p.id, listing.restockedAt);
      } else {
        if (before && !before.inStock && p.inStock) this.restockedAt.set(p.id, now);
        if (!this.listedAt.has(p.id)) this.listedAt.set(p.id, now);
      }
      this.products.set(p.id, p);
      this.hashes.set(p.id, fnv1a(JSON.stringify(p)));
    }
    this.rebuild();
  }

  /** Removes products by id. */
  remove(ids: Iterable<string>): void {
    for (const id of ids) this.products.delete(id);
    this.rebuild();
  }

  /** Product ids under a category key (see {@link categoryKeys}). */
  inCategory(key: string): readonly string[] {
    return this.byCategory.get(key.toLowerCase()) ?? [];
  }

  /** Whether the product `id` is in `category` (a lower-cased key, see {@link categoryKeys}). */
  hasCategory(id: string, lowerCaseKey: string): boolean {
    return this.keys.get(id)?.has(lowerCaseKey) ?? false;
  }

  /** Product ids of a brand (case-insensitive). */
  ofBrand(brand: string): readonly string[] {
    return this.byBrand.get(brand.toLowerCase()) ?? [];
  }

  private countCurrencies(): void {
    const all = new Map<string, number>();
    const inStock = new Map<string, number>();
    for (const p of this.products.values()) {
      all.set(p.currency, (all.get(p.currency) ?? 0) + 1);
      if (p.inStock) inStock.set(p.currency, (inStock.get(p.currency) ?? 0) + 1);
    }
    this.currencyCounts = all;
    const counts = inStock.size ? inStock : all;
    this.mainCurrencyCode = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  }

  private rebuild(): void {
    this.byCategory.clear();
    this.byBrand.clear();
    this.keys.clear();
    const ids = [...this.products.keys()].sort();
    let digest = '';
    for (const id of ids) {
      const p = this.products.get(id)!;
      const keys = categoryKeys(p);
      this.keys.set(id, new Set(keys));
      for (const key of keys) push(this.byCategory, key, id);
      if (p.brand) push(this.byBrand, p.brand.toLowerCase(), id);
      digest += this.hashes.get(id);
    }
    for (const id of [...this.hashes.keys()]) if (!this.products.has(id)) this.hashes.delete(id);
    this.countCurrencies();
    this.versionText = ids.length ? `${ids.length}-${fnv1a(digest)}-${fnv1a(digest, 0x2f1a7c3b)}` : 'empty';
  }
}

function push(map: Map<string, string[]>, key: string, id: string): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(id);
}
