import { catalogCapWarning } from '../store/catalog-repo.js';
import type { Store } from '../store/store.js';
import { parseFeed, type CsvDelimiter, type FeedFormat, type FeedProblem } from './parse-feed.js';

/** What an import did. */
export interface CatalogImportResult {
  format: FeedFormat;
  /** The cell delimiter of a CSV feed (given, or read from its header line). */
  delimiter?: CsvDelimiter;
  imported: number;
  markedOutOfStock: number;
  rejected: number;
  problems: FeedProblem[];
  /** Products the site holds after the import (in stock or not); absent when nothing was imported. */
  siteProducts?: number;
  /**
   * Set when the site now holds more products than the adapter's recommendations and `train` read
   * (`MAX_INDEXED_PRODUCTS`, 100,000): how many, and how many are left out (in-stock products are read first).
   */
  warning?: string;
}

/**
 * Imports a feed into a site's catalog: good rows are upserted, bad rows reported; with `fullFeed` (the default) the
 * site's products that the feed does not list are marked out of stock. Products whose row was bad keep their state.
 * A feed without a single good row changes nothing. A CSV feed's delimiter is read from its header line unless given.
 * A site left with more products than the adapter reads gets a `warning` saying how many are left out.
 */
export async function importCatalog(store: Store, siteKey: string, text: string,
  options: { format?: FeedFormat; fullFeed?: boolean; delimiter?: CsvDelimiter } = {}): Promise<CatalogImportResult> {
  const feed = parseFeed(text, options.format, options.delimiter ? { delimiter: options.delimiter } : {});
  const parsed = { format: feed.format, ...(feed.delimiter ? { delimiter: feed.delimiter } : {}) };
  if (!feed.products.length) {
    return { ...parsed, imported: 0, markedOutOfStock: 0, rejected: feed.problems.length, problems: feed.problems };
  }
  const keep = feed.problems.flatMap((p) => (p.id ? [p.id] : []));
  const summary = await store.catalog.upsert(siteKey, feed.products, { fullFeed: options.fullFeed ?? true, keep });
  const warning = catalogCapWarning(siteKey, summary.siteProducts, summary.siteInStock);
  return {
    ...parsed, imported: summary.upserted, markedOutOfStock: summary.markedOutOfStock, rejected: feed.problems.length, problems: feed.problems,
    siteProducts: summary.siteProducts, ...(warning ? { warning } : {}),
  };
}
