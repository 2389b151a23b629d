import type { Product } from '@focal/sdk-core/contracts';
import { bandFit } from './browse.js';
import { demandAt, launched, type DemoCatalog, type Kind } from './catalog.js';
import { demoArm } from './placements.js';
import type { Random } from './prng.js';
import type { Shopper } from './shoppers.js';
import { pages, type SessionWriter } from './writer.js';
import { clickUtility, type SessionState } from './utility.js';

/** The placements the demo history logs impressions for. */
export type DemoPlacement = 'home-for-you' | 'home-trending' | 'pdp-similar' | 'pdp-complete-the-look' | 'cart-add-ons';

const STRATEGY: Record<DemoPlacement, string> = {
  'home-for-you': 'blend:personalised+popular',
  'home-trending': 'trending',
  'pdp-similar': 'blend:similar+co-view',
  'pdp-complete-the-look': 'co-purchase',
  'cart-add-ons': 'blend:co-purchase+popular',
};

/** A click on a recommendation: what, where, and the request it came from (carried into the next events). */
export interface RecClick {
  product: Product;
  requestId: string;
  placement: DemoPlacement;
  position: number;
  /** The A/B arm the list came from, when the placement is split. */
  variant?: string;
}

/** Up to `k` distinct products from `pool` drawn by `weight`, skipping `exclude`. */
function sampleDistinct(pool: readonly Product[], k: number, rng: Random, weight: (p: Product) => number,
  exclude: Set<string>): Product[] {
  const items: Product[] = [];
  const weights: number[] = [];
  for (const p of pool) {
    if (exclude.has(p.id)) continue;
    const w = weight(p);
    if (w > 0) {
      items.push(p);
      weights.push(w);
    }
  }
  const out: Product[] = [];
  while (out.length < k && items.length) {
    const i = rng.weighted(weights);
    out.push(items[i]);
    exclude.add(items[i].id);
    items.splice(i, 1);
    weights.splice(i, 1);
  }
  return out;
}

/**
 * The candidate list the server would send for a placement at `phase` of the history, in the server's order: demand
 * (recent demand for trending) and co-view-like closeness to the page's product, knowing nothing of the last minutes
 * of the session. Products not launched yet are never proposed. The `personal` arm of the demo's A/B test
 * (`placements.ts`) also weighs the shopper's own taste (frame shape, price band), as its extra `personalised`
 * strategy would: its lists suit the shopper a little better, which is the real effect the experiment measures.
 */
export function serverList(placement: DemoPlacement, context: Product | undefined, catalog: DemoCatalog,
  rng: Random, shopper: Shopper, phase: number, variant?: string): Product[] {
  const taste = variant === 'personal'
    ? (p: Product) => (p.attributes?.shape === shopper.shape ? 2 : 1) * (0.5 + bandFit(p, shopper))
    : () => 1;
  const pop = (p: Product) => (launched(catalog, p, phase) ? catalog.popularity.get(p.id)! * taste(p) : 0);
  const exclude = new Set<string>(context ? [context.id] : []);
  const of = (kind: Kind, n: number, top: number) => sampleDistinct(catalog.byKind[kind].slice(0, top), n, rng, pop, exclude);
  let list: Product[];
  let score = pop;
  switch (placement) {
    case 'home-trending':
      score = (p) => demandAt(catalog, p, phase);
      list = sampleDistinct([...new Set([...catalog.top.slice(0, 120), ...catalog.newArrivals])], 8, rng, score, exclude);
      break;
    case 'home-for-you': {
      const kind: Kind = shopper.contact && rng.chance(0.3) ? 'contact' : (shopper.interests.sunglasses ?? 0) > (shopper.interests.frames ?? 0) ? 'sunglasses' : 'frame';
      const own = kind === 'contact' ? catalog.byKind.contact : catalog.byShape.get(`${kind}:${shopper.shape}`) ?? catalog.byKind[kind];
      list = [...sampleDistinct(own.slice(0, 40), 4, rng, pop, exclude), ...of(kind, 2, 60),
        ...sampleDistinct(catalog.top.slice(0, 80), 2, rng, pop, exclude)];
      break;
    }
    case 'pdp-similar': {
      const kind = catalog.kindOf.get(context!.id)!;
      const shape = context!.attributes?.shape;
      const sameShape = shape ? catalog.byShape.get(`${kind}:${String(shape)}`) ?? [] : [];
      list = [...sampleDistinct(sameShape.slice(0, 40), 3, rng, pop, exclude), ...of(kind, 8, 80)].slice(0, 8);
      score = (p) => pop(p) * (1 + (p.attributes?.shape === shape ? 0.6 : 0) + (p.attributes?.material === context!.attributes?.material ? 0.3 : 0));
      break;
    }
    case 'pdp-complete-the-look':
      list = catalog.kindOf.get(context!.id) === 'frame'
        ? [...of('lens', 3, 30), ...of('case', 3, 20), ...of('cloth', 1, 10), ...of('coating', 1, 10)]
        : [...of('case', 4, 20), ...of('cloth', 2, 10), ...of('wipes', 2, 10)];
      break;
    case 'cart-add-ons':
      list = [...of('case', 2, 20), ...of('cloth', 2, 10), ...of('solution', 2, 10), ...of('drops', 1, 10), ...of('wipes', 1, 10)];
      break;
  }
  return list.sort((a, b) => score(b) - score(a));
}

/** How high the best option must be for the shopper to click at all (calibrated to a ~30 % list click rate). */
const CLICK_THRESHOLD = 2.6;

/**
 * Shows a recommendation list: logs impressions for the positions that became visible, and lets the shopper
 * click the option that suits their session best (or nothing). Unclicked items count as exposed-not-clicked.
 */
export function showList(writer: SessionWriter, rng: Random, catalog: DemoCatalog, shopper: Shopper,
  state: SessionState, phase: number, placement: DemoPlacement, context?: Product): RecClick | null {
  const arm = demoArm(placement, writer.anonymousId);
  let list = serverList(placement, context, catalog, rng, shopper, phase, arm.variant);
  // The adapter's home-for-you blend holds `replenishment`: a consumable the shopper bought before comes first again.
  const restock = placement === 'home-for-you' && shopper.contact && state.bought.has(shopper.contact.product.id) ? shopper.contact.product : undefined;
  if (restock) list = [restock, ...list.filter((p) => p.id !== restock.id)].slice(0, 8);
  if (!list.length) return null;
  const visible = Math.min(list.length, 4 + rng.int(3));
  const requestId = `req-${rng.token(20)}`;
  const tags = { strategy: arm.strategy ?? STRATEGY[placement], ...(arm.variant ? { variant: arm.variant } : {}) };
  const page = context ? pages.product(context.id) : placement === 'cart-add-ons' ? pages.cart() : pages.home();
  writer.wait(0.5, 2);
  let best = -1;
  let bestValue = -Infinity;
  for (let position = 0; position < visible; position++) {
    const product = list[position];
    writer.emit('rec_impression', { requestId, placement, productId: product.id, position, ...tags, ...(product === restock ? { strategy: 'replenishment' } : {}) }, page);
    const value = clickUtility(product, position, state, shopper, catalog) + 0.6 * rng.gumbel();
    if (value > bestValue) {
      bestValue = value;
      best = position;
    }
  }
  const clicked = bestValue > CLICK_THRESHOLD ? best : -1;
  for (let position = 0; position < visible; position++) {
    if (position === clicked) continue;
    const id = list[position].id;
    state.shown.set(id, (state.shown.get(id) ?? 0) + 1);
  }
  if (clicked < 0) return null;
  writer.wait(2, 15);
  const product = list[clicked];
  writer.emit('rec_click', { requestId, placement, productId: product.id, position: clicked, ...tags, ...(product === restock ? { strategy: 'replenishment' } : {}) }, page);
  return { product, requestId, placement, position: clicked, ...(arm.variant ? { variant: arm.variant } : {}) };
}
