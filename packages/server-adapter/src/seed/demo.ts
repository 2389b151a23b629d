import type { FocalEvent, Product, Promotion } from '@focal/sdk-core/contracts';
import type { Store } from '../store/store.js';
import { rebuildProfiles } from '../profiles/service.js';
import { DEMO_PLACEMENTS } from '../demo/placements.js';
import { refreshReportTables } from '../report/refresh.js';
import { bulkInsertEvents } from './bulk-events.js';

/** The demo site's publishable key. */
export const DEMO_SITE_KEY = 'pk_demo';

/** Origins the examples run on. */
export const DEMO_ORIGINS = [
  'http://localhost:8787', 'http://127.0.0.1:8787', 'http://localhost:5173', 'http://127.0.0.1:5173',
  'http://localhost:4173', 'http://127.0.0.1:4173', 'http://localhost:3000', 'http://127.0.0.1:3000',
];

/**
 * Where the example storefront runs under `npm run demo` (default port): the base of the catalog's relative URLs
 * (`/products/<id>`, `/img/<id>.svg`) in emails, as the site's `settings.shopUrl`. Without it the first allowed origin,
 * the adapter's own, would be used, and every link and image of the demo's email would lead nowhere.
 */
export const DEMO_SHOP_URL = 'http://localhost:3000';

/** The demo data set (from `src/demo`'s `generateDemoData`, or a small fixture in tests). */
export interface DemoDataSet {
  products: Product[];
  events: FocalEvent[];
  promotions: Promotion[];
  /** When each product was listed (ISO time by id; default: when seeded), for the `ageDays` feature. */
  listedAt?: Record<string, string>;
}

export interface SeedResult {
  skipped: boolean;
  products: number;
  events: number;
  ms: number;
}

/**
 * Creates the demo site and loads the catalog and history. When the site already has events it does nothing unless
 * `reset` (which first removes the site's events, products and profiles) — but `extraOrigins` (e.g. a storefront on
 * another port) are added to the site's allowed origins either way, and the first of them becomes the site's
 * `settings.shopUrl` (see {@link DEMO_SHOP_URL}).
 */
export async function seedDemo(
  store: Store,
  data: () => DemoDataSet,
  options: { reset?: boolean; origins?: string[]; extraOrigins?: string[]; log?: (line: string) => void } = {},
): Promise<SeedResult> {
  const start = performance.now();
  const log = options.log ?? (() => undefined);
  if (options.reset) {
    await store.sql.transaction(async (tx) => {
      for (const table of ['events', 'products', 'profiles']) await tx.query(`DELETE FROM ${table} WHERE site_key = $1`, [DEMO_SITE_KEY]);
    });
    log('reset: removed the demo site\'s events, products and profiles');
  } else if (await store.events.count(DEMO_SITE_KEY) > 0) {
    const site = await store.sites.get(DEMO_SITE_KEY);
    const missing = (options.extraOrigins ?? []).filter((o) => !site?.allowedOrigins.includes(o));
    const shopUrl = options.extraOrigins?.[0] ?? site?.settings.shopUrl;
    if (site && (missing.length || shopUrl !== site.settings.shopUrl)) {
      await store.sites.upsert({ siteKey: site.siteKey, name: site.name, allowedOrigins: [...site.allowedOrigins, ...missing], settings: { ...site.settings, shopUrl } });
      if (missing.length) log(`allowed origins of ${DEMO_SITE_KEY}: added ${missing.join(', ')}`);
    }
    return { skipped: true, products: await store.catalog.count(DEMO_SITE_KEY), events: await store.events.count(DEMO_SITE_KEY), ms: 0 };
  }
  const origins = options.origins ?? DEMO_ORIGINS;
  const extra = (options.extraOrigins ?? []).filter((o) => !origins.includes(o));
  // the storefront: the first extra origin (scripts/demo.mjs passes the storefront's), else the first given, else :3000
  const shopUrl = options.extraOrigins?.[0] ?? options.origins?.[0] ?? DEMO_SHOP_URL;
  await store.sites.upsert({ siteKey: DEMO_SITE_KEY, name: 'Focal demo optician', allowedOrigins: [...origins, ...extra], settings: { currency: 'EUR', locale: 'en', placements: DEMO_PLACEMENTS, shopUrl } });
  log('generating the demo catalog and history...');
  const generated = data();
  log(`generated ${generated.products.length} products and ${generated.events.length} events in ${Math.round(performance.now() - start)} ms`);
  const listedAt = new Map(Object.entries(generated.listedAt ?? {}).map(([id, at]) => [id, Date.parse(at)]));
  await store.catalog.upsert(DEMO_SITE_KEY, generated.products, { fullFeed: true, listedAt });
  let lastShown = 0;
  const events = await bulkInsertEvents(store, DEMO_SITE_KEY, generated.events, (done, total) => {
    if (done === total || done - lastShown >= total / 10) {
      lastShown = done;
      log(`events: ${done}/${total} (${Math.round((done / total) * 100)} %)`);
    }
  });
  const profiles = await rebuildProfiles(store, DEMO_SITE_KEY, generated.events, generated.products);
  log(`profiles: ${profiles}`);
  const report = await refreshReportTables(store.sql, DEMO_SITE_KEY);
  log(`report tables: ${report.mode} in ${report.ms} ms`);
  return { skipped: false, products: generated.products.length, events, ms: Math.round(performance.now() - start) };
}
