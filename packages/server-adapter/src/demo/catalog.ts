import type { Product } from '@focal/sdk-core/contracts';
import { Random } from './prng.js';
import { makeFrame } from './catalog-frames.js';
import { makeCoating, makeContact, makeLens } from './catalog-lenses.js';
import { makeAccessory } from './catalog-accessories.js';

/** What a demo product is, for the shopper simulation (the catalog itself only carries `categoryPath`). */
export type Kind = 'frame' | 'sunglasses' | 'lens' | 'coating' | 'contact' | 'case' | 'cloth' | 'solution' | 'drops' | 'wipes';

/** Share of the catalog, id prefix and relative demand of each kind. */
const KINDS: { kind: Kind; share: number; prefix: string; demand: number }[] = [
  { kind: 'frame', share: 0.4, prefix: 'FR', demand: 1 },
  { kind: 'sunglasses', share: 0.25, prefix: 'SG', demand: 0.8 },
  { kind: 'lens', share: 0.06, prefix: 'LN', demand: 1 },
  { kind: 'coating', share: 0.01, prefix: 'CT', demand: 0.5 },
  { kind: 'contact', share: 0.1, prefix: 'CL', demand: 1 },
  { kind: 'case', share: 0.05, prefix: 'CS', demand: 0.7 },
  { kind: 'cloth', share: 0.03, prefix: 'CC', demand: 0.7 },
  { kind: 'solution', share: 0.04, prefix: 'SO', demand: 0.7 },
  { kind: 'drops', share: 0.035, prefix: 'DR', demand: 0.5 },
  { kind: 'wipes', share: 0.025, prefix: 'WP', demand: 0.4 },
];

/** Fewest products a demo catalog can have (two of each kind, and frames to browse). */
export const MIN_DEMO_PRODUCTS = 40;

/** The generated catalog plus the lookups the shopper simulation needs. */
export interface DemoCatalog {
  products: Product[];
  byId: Map<string, Product>;
  kindOf: Map<string, Kind>;
  /** Products of each kind, most popular first. */
  byKind: Record<Kind, Product[]>;
  /** Relative demand of each product in (0, 1]: what browsing and the server's popularity order follow. */
  popularity: Map<string, number>;
  /** Frames and sunglasses by `${kind}:${shape}`, most popular first. */
  byShape: Map<string, Product[]>;
  /** Every product, most popular first. */
  top: Product[];
  /** New arrivals: when each was launched, as a phase of the history (0 = its start, 1 = now). */
  launch: Map<string, number>;
  /** The new arrivals, most popular first. */
  newArrivals: Product[];
}

/** Share of frames and sunglasses that are new arrivals, launched during the history. */
const NEW_ARRIVALS = 0.08;

/**
 * Demand for a product at `phase` of the history (0 = start, 1 = now): its popularity, nothing before a new arrival
 * is launched, and up to five times more in the weeks right after (what a trending strategy should pick up).
 */
export function demandAt(catalog: DemoCatalog, product: Product, phase: number): number {
  const launch = catalog.launch.get(product.id);
  const base = catalog.popularity.get(product.id)!;
  return launch === undefined ? base : base * launchFactor(launch, phase);
}

/** Demand multiplier of a new arrival launched at `launch`, seen at `phase`: 0 before, 5 at launch, 1 after ~30 days. */
export function launchFactor(launch: number, phase: number): number {
  return phase < launch ? 0 : 1 + 4 * Math.max(0, 1 - (phase - launch) / 0.35);
}

/** Whether a product is on sale at `phase` (new arrivals only after their launch). */
export function launched(catalog: DemoCatalog, product: Product, phase: number): boolean {
  const launch = catalog.launch.get(product.id);
  return launch === undefined || phase >= launch;
}

/** How many products of each kind a catalog of `total` products has: shares rounded, at least two each, frames take the rest. */
export function kindCounts(total: number): Record<Kind, number> {
  const counts = {} as Record<Kind, number>;
  let used = 0;
  for (const { kind, share } of KINDS) {
    if (kind === 'frame') continue;
    counts[kind] = Math.max(2, Math.round(total * share));
    used += counts[kind];
  }
  counts.frame = total - used;
  return counts;
}

/** Generates `total` optical-retail products deterministically from `seed`. */
export function generateCatalog(seed: number, total: number): DemoCatalog {
  const rng = new Random(seed);
  const counts = kindCounts(total);
  const products: Product[] = [];
  const kindOf = new Map<string, Kind>();
  const popularity = new Map<string, number>();
  const byKind = {} as Record<Kind, Product[]>;
  for (const { kind, prefix, demand } of KINDS) {
    const list: Product[] = [];
    for (let n = 0; n < counts[kind]; n++) {
      const id = `${prefix}-${String(n + 1).padStart(5, '0')}`;
      const product = make(kind, rng, id, n);
      list.push(product);
      kindOf.set(id, kind);
    }
    // Demand follows a Zipf-like curve over a random order of the kind's products.
    const order = list.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    order.forEach((index, rank) => {
      const product = list[index];
      const stockFactor = product.inStock ? 1 : 0.3;
      popularity.set(product.id, (demand * stockFactor) / Math.pow(rank + 3, 0.8) * Math.pow(3, 0.8));
    });
    products.push(...list);
    byKind[kind] = [...list].sort((a, b) => popularity.get(b.id)! - popularity.get(a.id)!);
  }
  nameApart(products);
  const byShape = new Map<string, Product[]>();
  for (const kind of ['frame', 'sunglasses'] as const) {
    for (const product of byKind[kind]) {
      const key = `${kind}:${String(product.attributes?.shape)}`;
      const list = byShape.get(key) ?? [];
      list.push(product);
      byShape.set(key, list);
    }
  }
  const top = [...products].sort((a, b) => popularity.get(b.id)! - popularity.get(a.id)!);
  const launch = new Map<string, number>();
  for (const product of [...byKind.frame, ...byKind.sunglasses]) {
    if (rng.chance(NEW_ARRIVALS)) launch.set(product.id, rng.range(0.45, 0.95));
  }
  const newArrivals = top.filter((p) => launch.has(p.id));
  return { products, byId: new Map(products.map((p) => [p.id, p])), kindOf, byKind, popularity, byShape, top, launch, newArrivals };
}

/**
 * Product lines that tell apart products the generator described alike (same brand, model or line, and spec),
 * none of them a word the generated names already use.
 */
const LINES = ['Select', 'Signature', 'Studio', 'Classic', 'Original', 'Nova', 'Prime', 'Ultra', 'Vita', 'Bold', 'Icon', 'Terra'];

/**
 * Gives every product a name of its own: the generator's small vocabulary described one product in five alike
 * (e.g. three "PureRinse peroxide contact lens solution 2 × 360 ml" at three prices), and a shopper then read the
 * product they were looking at recommended to them as "similar" under its own name. The first product keeps the
 * name; each later one gets a product line after its brand ("PureRinse Select peroxide contact lens solution …").
 * Uses no randomness, so the history generated after it is the same.
 */
function nameApart(products: Product[]): void {
  const taken = new Set<string>();
  for (const product of products) {
    let title = product.title;
    const prefix = product.brand ? `${product.brand} ` : '';
    for (let n = 0; taken.has(title); n++) {
      const line = `${LINES[n % LINES.length]}${n >= LINES.length ? ` ${Math.floor(n / LINES.length) + 1}` : ''}`;
      title = prefix && product.title.startsWith(prefix) ? `${prefix}${line} ${product.title.slice(prefix.length)}` : `${product.title} (${line})`;
    }
    taken.add(title);
    product.title = title;
  }
}

function make(kind: Kind, rng: Random, id: string, n: number): Product {
  switch (kind) {
    case 'frame': return makeFrame(rng, id, false);
    case 'sunglasses': return makeFrame(rng, id, true);
    case 'lens': return makeLens(rng, id, n);
    case 'coating': return makeCoating(rng, id, n);
    case 'contact': return makeContact(rng, id);
    default: return makeAccessory(rng, id, kind);
  }
}
