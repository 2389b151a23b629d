import type { Product } from '@focal/sdk-core/contracts';
import type { DemoCatalog, Kind } from './catalog.js';
import type { Shopper } from './shoppers.js';

/** What happened so far in the session: the in-session signals a device reranker can see. */
export interface SessionState {
  /** Products viewed, oldest first. */
  views: Product[];
  cart: Map<string, { product: Product; quantity: number }>;
  /** Times each product was shown in a recommendation list this session without being clicked. */
  shown: Map<string, number>;
  /** Everything the shopper ever bought (across sessions). */
  bought: Set<string>;
  /** The product the session came for, when it is a re-order (the shopper's contact lenses): clicked at sight. */
  wants?: string;
}

/** A fresh session state for a shopper who bought `bought` before. */
export function newSessionState(bought: Set<string>): SessionState {
  return { views: [], cart: new Map(), shown: new Map(), bought };
}

const RECENCY = [1, 0.7, 0.5, 0.35];
const CONSUMABLE: ReadonlySet<Kind> = new Set(['contact', 'solution', 'drops', 'wipes', 'cloth']);

/** The most specific category of a product, e.g. `Frames/Optical frames/Round`. */
export function leafCategory(p: Product): string {
  let leaf = LEAVES.get(p);
  if (leaf === undefined) {
    leaf = p.categoryPath.join('/');
    LEAVES.set(p, leaf);
  }
  return leaf;
}

const LEAVES = new WeakMap<Product, string>();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Extra appeal of a complement given what is in the cart or on screen ("complete the look", "add solution"). */
function complementBoost(kind: Kind, state: SessionState, catalog: DemoCatalog, shopper: Shopper): number {
  let frameInCart = false;
  let sunInCart = false;
  let contactInPlay = false;
  for (const { product } of state.cart.values()) {
    const k = catalog.kindOf.get(product.id);
    frameInCart ||= k === 'frame';
    sunInCart ||= k === 'sunglasses';
    contactInPlay ||= k === 'contact';
  }
  const last = state.views.length ? catalog.kindOf.get(state.views[state.views.length - 1].id) : undefined;
  contactInPlay ||= last === 'contact';
  const frameOnScreen = last === 'frame';
  switch (kind) {
    case 'lens': return frameInCart ? 1.9 : frameOnScreen ? 0.8 : 0;
    case 'coating': return frameInCart ? 0.8 : 0;
    case 'case': return frameInCart ? 1.3 : sunInCart ? 1.1 : frameOnScreen ? 0.4 : 0;
    case 'cloth': return frameInCart ? 0.9 : sunInCart ? 0.6 : 0;
    case 'wipes': return sunInCart ? 0.4 : 0;
    case 'solution': return contactInPlay ? (shopper.contact?.solution ? 1.5 : 0.3) : 0;
    case 'drops': return contactInPlay ? 0.8 : 0;
    default: return 0;
  }
}

/**
 * How much the shopper wants to click `p` shown at `position`, given the session so far. Dominated by in-session
 * behaviour (same category/shape and brand as the last views, price close to what they looked at, complements of
 * what is in the cart, penalties for items already bought, in the cart, or shown and ignored); popularity and
 * position count only a little, so the server's order is a weak predictor and the session a strong one.
 */
export function clickUtility(p: Product, position: number, state: SessionState, shopper: Shopper, catalog: DemoCatalog): number {
  const kind = catalog.kindOf.get(p.id)!;
  const frameLike = kind === 'frame' || kind === 'sunglasses';
  let u = 0;
  const recent = state.views.slice(-RECENCY.length).reverse();
  for (let i = 0; i < recent.length; i++) {
    const v = recent[i];
    const w = RECENCY[i];
    if (leafCategory(v) === leafCategory(p)) u += 1.1 * w;
    else if (v.categoryPath[1] === p.categoryPath[1]) u += 0.25 * w;
    if (v.brand && v.brand === p.brand) u += 0.55 * w;
    if (frameLike && v.attributes?.material === p.attributes?.material) u += 0.25 * w;
    if (frameLike && v.attributes?.colour === p.attributes?.colour) u += 0.35 * w;
  }
  u += complementBoost(kind, state, catalog, shopper);
  if (frameLike) {
    const seen = state.views.filter((v) => v.categoryPath[0] === 'Frames').map((v) => v.price);
    if (seen.length) u -= 0.8 * Math.abs(Math.log(p.price / median(seen)));
    if (p.attributes?.shape === shopper.shape) u += 0.25;
  }
  if (state.cart.has(p.id)) u -= 3;
  if (state.bought.has(p.id)) u -= CONSUMABLE.has(kind) ? 0.8 : 3;
  if (state.wants === p.id) u += 4;
  u -= 1.4 * (state.shown.get(p.id) ?? 0);
  if (!p.inStock) u -= 1.5;
  u += 0.15 * Math.log(catalog.popularity.get(p.id)!);
  u += 0.25 * (1 - position / 7);
  return u;
}
