import type { FocalEvent, Product, Promotion } from '@focal/sdk-core/contracts';
import { generateCatalog, MIN_DEMO_PRODUCTS } from './catalog.js';
import { deriveSeed } from './prng.js';
import { makeShopper } from './shoppers.js';
import { simulateShopper } from './history.js';
import { demoPromotions } from './promotions.js';

/** Options of {@link generateDemoData}. */
export interface DemoOptions {
  /** Seed of every random draw. @default 20261123 */
  seed?: number;
  /** Products in the catalog (at least 40). @default 2400 */
  products?: number;
  /** Shopper sessions in the history. @default 20000 */
  sessions?: number;
  /** End of the 90-day history; promotions are scheduled around it. @default 2026-11-23T12:00:00.000Z */
  now?: Date;
}

/** The demo data set: catalog, chronological event history and promotions. */
export interface DemoData {
  products: Product[];
  events: FocalEvent[];
  promotions: Promotion[];
  /**
   * When each product was listed (ISO time, by id): the start of the history, or a new arrival's launch. `seed --demo`
   * stores them (`products.listed_at`) and `train:demo` trains with them, so the served `ageDays` is the trained one.
   */
  listedAt: Record<string, string>;
}

export const DEFAULT_DEMO_SEED = 20261123;
export const DEFAULT_DEMO_PRODUCTS = 2400;
export const DEFAULT_DEMO_SESSIONS = 20000;
export const DEFAULT_DEMO_NOW = '2026-11-23T12:00:00.000Z';
/** Days of history before `now`. */
export const DEMO_HISTORY_DAYS = 90;
const MAX_SESSIONS = 1_000_000;

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`generateDemoData: ${message}`);
}

/**
 * Generates the deterministic demo of an optical retailer: a catalog of frames, sunglasses, prescription lenses,
 * contact lenses, accessories and eye care; 90 days of shopper sessions before `now` (style-consistent browsing,
 * frames followed by lenses and a case, contact-lens re-orders on their pack cycle, identified and returning
 * shoppers, recommendation impressions and clicks driven by in-session behaviour); and demo promotions.
 * The same options always give byte-identical output. Events are sorted by `createdAt`.
 *
 * @example
 * const { products, events, promotions } = generateDemoData({ sessions: 500 });
 */
export function generateDemoData(options: DemoOptions = {}): DemoData {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const productCount = options.products ?? DEFAULT_DEMO_PRODUCTS;
  const sessionCount = options.sessions ?? DEFAULT_DEMO_SESSIONS;
  const now = options.now ?? new Date(DEFAULT_DEMO_NOW);
  check(Number.isSafeInteger(seed), `seed must be an integer, got ${String(seed)}`);
  check(Number.isInteger(productCount) && productCount >= MIN_DEMO_PRODUCTS && productCount <= 200_000,
    `products must be an integer from ${MIN_DEMO_PRODUCTS} to 200000, got ${String(productCount)}`);
  check(Number.isInteger(sessionCount) && sessionCount >= 0 && sessionCount <= MAX_SESSIONS,
    `sessions must be an integer from 0 to ${MAX_SESSIONS}, got ${String(sessionCount)}`);
  check(now instanceof Date && !Number.isNaN(now.getTime()), 'now must be a valid Date');

  const catalog = generateCatalog(deriveSeed(seed, 'catalog'), productCount);
  const window = { start: now.getTime() - DEMO_HISTORY_DAYS * 24 * 3600 * 1000, end: now.getTime() };
  const shopperSeed = deriveSeed(seed, 'shoppers');
  const events: FocalEvent[] = [];
  let sessions = 0;
  for (let index = 0; sessions < sessionCount; index++) {
    const shopper = makeShopper(shopperSeed, index, catalog);
    for (const session of simulateShopper(catalog, shopper, window, sessionCount - sessions)) {
      if (!session.length) continue;
      sessions++;
      for (const event of session) events.push(event);
    }
  }
  // Stable sort: events of the same millisecond keep their generation order.
  events.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const listedAt: Record<string, string> = {};
  for (const p of catalog.products) {
    const launch = catalog.launch.get(p.id) ?? 0;
    listedAt[p.id] = new Date(window.start + launch * (window.end - window.start)).toISOString();
  }
  return { products: catalog.products, events, promotions: demoPromotions(now), listedAt };
}
