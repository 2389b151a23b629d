import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import { CatalogIndex, type Listing } from './catalog-index.js';
import { DecayedCounter } from './decayed-counter.js';
import { buildEmbeddingSpace, embedProduct } from './embedding.js';
import { InProcessKnn } from './knn.js';
import { PairCounter } from './pair-counter.js';
import { ShopperTracker, type ShopperTrackerOptions } from './shopper-tracker.js';
import { DAY_MS, type ShopperState } from './types.js';
import { WindowCounter } from './window-counter.js';

/** Tuning of the index. Every field has a default. */
export interface StrategyIndexOptions {
  /** Days counted by `popular` and the `popularity` feature. @default 30 */
  popularityWindowDays?: number;
  /** Half-life of `trending` scores. @default 48 */
  trendingHalfLifeHours?: number;
  /** Purchases by the same shopper this many days apart count as bought together. @default 7 */
  copurchaseDays?: number;
  /** Prior strength α of the smoothed lift `(c + α) / (E + α)` (see {@link PairCounter}). @default 1 */
  liftShrinkage?: number;
  /**
   * Ranked lists (popular, trending) are recomputed when events arrived, at most once per this many ms.
   * 0 recomputes whenever something changed (tests, offline evaluation). @default 0
   */
  refreshMs?: number;
  /** Most open sessions remembered for co-view. @default 100000 */
  maxSessions?: number;
  shoppers?: ShopperTrackerOptions;
}

/** How much each interaction adds to `trending`. */
export const TRENDING_WEIGHTS = { product_view: 1, add_to_cart: 3, purchase: 5 } as const;

/**
 * The in-memory index every strategy reads, fed event by event (`ingest`) and with the catalog (`setCatalog`,
 * `upsertProducts`). Nothing is recomputed from the whole history: counters are updated per event and ranked
 * lists are memoised until something changed.
 */
export class StrategyIndex {
  readonly catalog = new CatalogIndex();
  readonly popularity = new WindowCounter(120);
  readonly trending: DecayedCounter;
  readonly coView: PairCounter;
  readonly coPurchase: PairCounter;
  readonly shoppers: ShopperTracker;
  readonly knn = new InProcessKnn();
  readonly options: Required<Omit<StrategyIndexOptions, 'shoppers'>>;
  private readonly firstSeen = new Map<string, number>();
  private readonly sessions = new Map<string, Set<string>>();
  private readonly orders = new Set<string>();
  private readonly memos = new Map<string, { version: number; catalog: string; at: number; value: unknown }>();
  private eventVersion = 0;
  private knnCatalog = '';
  private lastEventAt = 0;

  constructor(options: StrategyIndexOptions = {}) {
    this.options = {
      popularityWindowDays: options.popularityWindowDays ?? 30,
      trendingHalfLifeHours: options.trendingHalfLifeHours ?? 48,
      copurchaseDays: options.copurchaseDays ?? 7,
      liftShrinkage: options.liftShrinkage ?? 1,
      refreshMs: options.refreshMs ?? 0,
      maxSessions: options.maxSessions ?? 100_000,
    };
    this.trending = new DecayedCounter(this.options.trendingHalfLifeHours * 3_600_000);
    this.coView = new PairCounter(this.options.liftShrinkage);
    this.coPurchase = new PairCounter(this.options.liftShrinkage);
    this.shoppers = new ShopperTracker(options.shoppers);
  }

  /** Grows with every ingested event. */
  get version(): number {
    return this.eventVersion;
  }

  /** Time of the newest event ingested (epoch ms, 0 when none). */
  get newestEventAt(): number {
    return this.lastEventAt;
  }

  /**
   * Replaces the catalog. `listings` (the store's listing and restock times, by product id) date the products for
   * {@link ageDays}; a product without one counts as listed at `now` (default: the clock) when first loaded.
   */
  setCatalog(products: Iterable<Product>, now?: number, listings?: ReadonlyMap<string, Listing>): void {
    this.catalog.set(products, now, listings);
  }

  /** Adds or updates products (feed delta, stock change); `now` and `listings` as in {@link setCatalog}. */
  upsertProducts(products: Iterable<Product>, now?: number, listings?: ReadonlyMap<string, Listing>): void {
    this.catalog.upsert(products, now, listings);
  }

  /** A product by id, if in the catalog. */
  product(id: string): Product | undefined {
    return this.catalog.products.get(id);
  }

  /**
   * Feeds one event. `at` overrides the event's `createdAt` (e.g. the store's skew-corrected time).
   * Events of any type are accepted; only views, cart changes, purchases and identify change the index.
   */
  ingest(event: FocalEvent, at = Date.parse(event.createdAt)): void {
    this.eventVersion++;
    if (at > this.lastEventAt) this.lastEventAt = at;
    const who = event.anonymousId;
    // Per-shopper state only with the shopper's consent to personalisation (as profiles); an event without it
    // forgets what was kept (consent withdrawn). Counts across shoppers (trending, co-views) take every event.
    const personal = event.consent?.personalization !== false;
    if (personal) this.shoppers.link(who, event.userId);
    else this.shoppers.forget(who, event.userId);
    switch (event.type) {
      case 'product_view': {
        const id = event.properties.productId;
        this.touch(id, at, TRENDING_WEIGHTS.product_view);
        this.sessionView(event.sessionId, id);
        if (personal) this.shoppers.view(who, id, at, this.product(id));
        break;
      }
      case 'add_to_cart': {
        const id = event.properties.productId;
        this.touch(id, at, TRENDING_WEIGHTS.add_to_cart);
        if (personal) this.shoppers.addToCart(who, id, event.properties.quantity, at, this.product(id));
        break;
      }
      case 'remove_from_cart':
        if (personal) this.shoppers.removeFromCart(who, event.properties.productId, event.properties.quantity);
        break;
      case 'purchase':
        this.purchase(who, event.properties.orderId, event.properties.lineItems, at, personal);
        break;
      default:
        break;
    }
  }

  /** Raw interaction count (views, add-to-carts, purchased lines) over the popularity window ending at `now`. */
  popularityOf(id: string, now: number): number {
    return this.popularity.count(id, now, this.options.popularityWindowDays);
  }

  /**
   * The `ageDays` feature: days from the product's first appearance (its listing in the catalog, or an event naming it
   * if one came earlier) or its last restock before `now`, whichever is later; 0 for a product listed after `now`.
   * Served and trained alike: the adapter and `train` give the index the store's listing times (`catalog.snapshot`).
   */
  ageDays(id: string, now: number): number {
    const seen = Math.min(this.firstSeen.get(id) ?? Infinity, this.catalog.listedAt.get(id) ?? Infinity);
    const restocked = this.catalog.restockedAt.get(id);
    let since = Number.isFinite(seen) ? seen : now;
    if (restocked !== undefined && restocked <= now && restocked > since) since = restocked;
    return Math.max(0, (now - since) / DAY_MS);
  }

  /** Largest smoothed lift (co-view or co-purchase) between `id` and any of `context`; 0 when never together. */
  cooccurrence(id: string, context: readonly string[]): number {
    let best = 0;
    for (const c of context) best = Math.max(best, this.coView.smoothedLift(id, c), this.coPurchase.smoothedLift(id, c));
    return best;
  }

  /** The shopper's state from events (undefined when never seen). */
  shopper(who: { anonymousId?: string; userId?: string }, now = Date.now()): ShopperState | undefined {
    return this.shoppers.state(who, now);
  }

  /** The in-process kNN, rebuilt from the catalog's embeddings when the catalog changed. */
  nearest(): InProcessKnn {
    if (this.knnCatalog !== this.catalog.version) {
      const products = [...this.catalog.products.values()];
      const space = buildEmbeddingSpace(products);
      this.knn.reset(products.map((p) => [p.id, embedProduct(space, p)] as [string, Float32Array]));
      this.knnCatalog = this.catalog.version;
    }
    return this.knn;
  }

  /**
   * Memoises a computation until events arrive (at most once per `refreshMs`) or the catalog changes.
   * `key` must hold every input of `compute` other than the index itself.
   */
  memo<T>(key: string, compute: () => T): T {
    const hit = this.memos.get(key);
    const catalog = this.catalog.version;
    if (hit && hit.catalog === catalog) {
      if (hit.version === this.eventVersion) return hit.value as T;
      if (this.options.refreshMs > 0 && Date.now() - hit.at < this.options.refreshMs) return hit.value as T;
    }
    const value = compute();
    if (this.memos.size > 10_000) this.memos.clear();
    this.memos.set(key, { version: this.eventVersion, catalog, at: Date.now(), value });
    return value;
  }

  private touch(id: string, at: number, weight: number): void {
    this.popularity.add(id, at);
    this.trending.add(id, at, weight);
    const first = this.firstSeen.get(id);
    if (first === undefined || at < first) this.firstSeen.set(id, at);
  }

  private sessionView(sessionId: string, id: string): void {
    let seen = this.sessions.get(sessionId);
    if (!seen) {
      if (this.sessions.size >= this.options.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
      this.sessions.set(sessionId, (seen = new Set()));
      this.coView.addBasket();
    }
    if (seen.has(id) || seen.size >= 100) return;
    this.coView.addItem(id);
    for (const other of seen) this.coView.addPair(id, other);
    seen.add(id);
  }

  private purchase(who: string, orderId: string, lines: Array<{ productId: string; quantity: number }>, at: number, personal: boolean): void {
    if (this.orders.has(orderId)) return;
    this.orders.add(orderId);
    const ids = [...new Set(lines.map((l) => l.productId))];
    for (const line of lines) this.touch(line.productId, at, TRENDING_WEIGHTS.purchase);
    this.coPurchase.addBasket();
    for (const id of ids) this.coPurchase.addItem(id);
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) this.coPurchase.addPair(ids[i], ids[j]);
    const window = this.options.copurchaseDays * DAY_MS;
    const earlier = new Set<string>();
    for (const p of this.shoppers.purchasesOf(who)) {
      if (p.orderId !== orderId && Math.abs(at - p.at) <= window && !ids.includes(p.productId)) earlier.add(p.productId);
    }
    for (const id of ids) for (const other of earlier) this.coPurchase.addPair(id, other);
    if (personal) this.shoppers.purchase(who, orderId, lines.map((l) => ({ ...l, product: this.product(l.productId) })), at);
  }
}
