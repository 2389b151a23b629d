/**
 * The on-device session state the ranking features read: what the shopper did in this session, kept small and
 * serialisable (plain objects and arrays, so it can be persisted as JSON or in IndexedDB). It never leaves the device.
 */

/** What the reranker knows about a product, beyond its id: taken from candidates, or passed with a view. */
export interface ProductMeta {
  /** Category key, see {@link categoryKey}. */
  category?: string;
  brand?: string;
  price?: number;
  /** Text attributes as `key=value`, lower-cased (e.g. `shape=round`), at most {@link MAX_ATTRS}. */
  attrs?: string[];
}

/** One product page view. */
export interface ViewRecord {
  productId: string;
  /** Epoch milliseconds. */
  at: number;
}

/** Running statistics of the log prices of what the shopper looked at or put in the cart. */
export interface PriceBand {
  n: number;
  sumLog: number;
  sumLogSq: number;
}

export interface SessionState {
  /** The tracker session (`sessionId` of the events) this state was built for: another one starts it over. */
  sessionId?: string;
  /** Product views, oldest first, at most {@link MAX_VIEWS}. */
  views: ViewRecord[];
  /** Views per product id (the whole session, not capped like `views`). */
  itemViews: Record<string, number>;
  /** Views per category key. */
  categoryViews: Record<string, number>;
  /** Views per brand. */
  brandViews: Record<string, number>;
  /** Total views counted in `categoryViews`/`brandViews` denominators. */
  totalViews: number;
  /** Recommendation impressions of a product since it was last clicked or viewed. */
  impressions: Record<string, number>;
  /** Milliseconds spent on each product's page. */
  dwellMs: Record<string, number>;
  /** Quantity in the cart per product id. */
  cart: Record<string, number>;
  /** Products bought in this session. */
  purchased: Record<string, true>;
  priceBand: PriceBand;
  /** Product metadata learned from candidates and views, at most {@link MAX_CATALOG} entries. */
  catalog: Record<string, ProductMeta>;
}

/** A signal the SDK measures itself: time spent on a product page (sent when the shopper leaves it). */
export interface DwellSignal {
  type: 'dwell';
  productId: string;
  ms: number;
}

export const MAX_VIEWS = 50;
export const MAX_CATALOG = 1000;
export const MAX_ATTRS = 20;

/** A fresh, empty session. */
export function emptySession(): SessionState {
  return {
    views: [], itemViews: {}, categoryViews: {}, brandViews: {}, totalViews: 0, impressions: {}, dwellMs: {},
    cart: {}, purchased: {}, priceBand: { n: 0, sumLog: 0, sumLogSq: 0 }, catalog: {},
  };
}

const isRecord = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether a value (e.g. read back from `sessionStorage`) has the shape of a {@link SessionState}: every field the
 * reducer and the features read. A state of another shape (corrupted, or saved by another SDK version) would make
 * them throw on every signal.
 */
export function isSessionState(value: unknown): value is SessionState {
  const v = value as Partial<SessionState> | null;
  if (!isRecord(v) || !Array.isArray(v!.views) || typeof v!.totalViews !== 'number') return false;
  const band = v!.priceBand as Partial<PriceBand> | undefined;
  if (!isRecord(band) || typeof band!.n !== 'number' || typeof band!.sumLog !== 'number' || typeof band!.sumLogSq !== 'number') return false;
  return [v!.itemViews, v!.categoryViews, v!.brandViews, v!.impressions, v!.dwellMs, v!.cart, v!.purchased, v!.catalog].every(isRecord)
    && v!.views.every((r) => isRecord(r) && typeof r.productId === 'string' && typeof r.at === 'number');
}

/**
 * The category key used to compare products: the first two levels of the path (`Frames/Sunglasses`), so that
 * "rectangle" and "round" optical frames count as one category while frames and contact lenses do not.
 */
export function categoryKey(path: readonly string[] | undefined): string | undefined {
  if (!path || path.length === 0) return undefined;
  return path.slice(0, 2).join('/');
}

/** The {@link ProductMeta} of a catalog product or candidate. */
export function productMeta(product: {
  categoryPath?: readonly string[];
  brand?: string;
  price?: number;
  attributes?: Record<string, unknown>;
}): ProductMeta {
  const attrs: string[] = [];
  for (const [key, value] of Object.entries(product.attributes ?? {})) {
    if (attrs.length >= MAX_ATTRS) break;
    if (typeof value === 'string') attrs.push(`${key}=${value}`.toLowerCase());
    else if (Array.isArray(value)) for (const v of value) if (attrs.length < MAX_ATTRS && typeof v === 'string') attrs.push(`${key}=${v}`.toLowerCase());
  }
  return {
    category: categoryKey(product.categoryPath),
    brand: product.brand?.toLowerCase() || undefined,
    price: typeof product.price === 'number' && product.price > 0 && Number.isFinite(product.price) ? product.price : undefined,
    attrs,
  };
}

/** Adds a log price to a band (pure). */
export function addPrice(band: PriceBand, price: number | undefined): PriceBand {
  if (typeof price !== 'number' || !(price > 0) || !Number.isFinite(price)) return band;
  const l = Math.log(price);
  return { n: band.n + 1, sumLog: band.sumLog + l, sumLogSq: band.sumLogSq + l * l };
}

/**
 * Returns a state that knows these products' metadata (pure; the input is not changed). The reranker calls it with
 * each candidate list so later views of those products count towards their category, brand and price band.
 */
export function rememberProducts(
  state: SessionState,
  products: ReadonlyArray<{ id: string } & Parameters<typeof productMeta>[0]>,
): SessionState {
  const missing = products.filter((p) => !state.catalog[p.id]);
  if (missing.length === 0) return state;
  const catalog: Record<string, ProductMeta> = { ...state.catalog };
  for (const p of missing) catalog[p.id] = productMeta(p);
  const ids = Object.keys(catalog);
  for (let i = 0; i < ids.length - MAX_CATALOG; i++) delete catalog[ids[i]];
  return { ...state, catalog };
}
