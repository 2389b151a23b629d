/** What `focal-adapter train` reads from the store: each site's events, catalog and listing times. */
import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import type { Store } from '../store/store.js';
import type { Listing } from '../strategies/index.js';
import { siteScoped } from './train-events.js';

/** The training input of {@link readTrainingInput}. */
export interface StoreTrainingInput {
  /** Every site's events (as `siteScoped`: product ids made distinct per site when there are several). */
  events: FocalEvent[];
  products: Product[];
  /** When each product was listed and last restocked, as the adapter reads them (so `ageDays` is the served one). */
  listings: Map<string, Listing>;
  sites: string[];
  /** One line per site whose catalog is larger than the adapter reads (the same products are left out here). */
  warnings: string[];
}

/**
 * The store's events (of `siteKey`, or of every site) in pages, and each site's catalog as the adapter's index reads
 * it (`catalog.snapshot`: the same products, cut the same way past `MAX_INDEXED_PRODUCTS`, with the same listing
 * times), so the lists are built from the features the adapter serves.
 */
export async function readTrainingInput(store: Store, siteKey?: string): Promise<StoreTrainingInput> {
  // per site: each site's events are looked up in its own catalog (product ids may repeat across sites)
  const bySite = new Map<string, { events: FocalEvent[]; products: Product[]; listings?: Map<string, Listing> }>();
  for (let afterSeq = 0; ;) {
    const page = await store.events.list({ afterSeq, limit: 10_000, ...(siteKey ? { siteKey } : {}) });
    if (!page.length) break;
    for (const e of page) {
      let site = bySite.get(e.siteKey);
      if (!site) bySite.set(e.siteKey, (site = { events: [], products: [] }));
      site.events.push({ ...e.event, createdAt: e.eventTime });
    }
    afterSeq = page[page.length - 1].seq;
  }
  const warnings: string[] = [];
  for (const [site, input] of bySite) {
    const snapshot = await store.catalog.snapshot(site);
    input.products = snapshot.products;
    input.listings = snapshot.listings;
    if (snapshot.warning) warnings.push(snapshot.warning);
  }
  return { ...siteScoped(bySite), sites: [...bySite.keys()], warnings };
}
