import type { Product } from '@focal/sdk-core/contracts';
import type { Queryable, SqlClient } from './sql-client.js';
import { iso, json } from './rows.js';

/** What an import changed. */
export interface UpsertSummary {
  /** Products stored (new or updated). */
  upserted: number;
  /** Products of the site missing from a full feed, now marked out of stock (never deleted). */
  markedOutOfStock: number;
  /** Products the site holds after the import (in stock or not), and how many of them are in stock. */
  siteProducts: number;
  siteInStock: number;
}

/** Options of `catalog.upsert`. */
export interface UpsertOptions {
  /** Products of the site not listed (nor in `keep`) are marked out of stock. */
  fullFeed?: boolean;
  keep?: string[];
  /**
   * When products NEW to the site were first listed (epoch ms or Date; default: now). A product already stored keeps
   * its time. For loading a history (the demo seed), whose products were on sale before it is stored.
   */
  listedAt?: ReadonlyMap<string, number | Date>;
}

/**
 * Most products of one site the recommendation index and `focal-adapter train` read. Each adapter process holds them
 * in memory with a dense embedding per product (for `similar`), so a larger catalog is cut, in stock first, with a
 * warning at import, at every load and at training ({@link catalogCapWarning}).
 */
export const MAX_INDEXED_PRODUCTS = 100_000;

/** Why a site's catalog is cut, with the numbers; undefined while it fits in {@link MAX_INDEXED_PRODUCTS}. */
export function catalogCapWarning(siteKey: string, total: number, inStock: number, max = MAX_INDEXED_PRODUCTS): string | undefined {
  if (total <= max) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  const outOfStockCut = Math.min(total - max, total - inStock);
  const inStockCut = total - max - outOfStockCut;
  return `site ${siteKey} holds ${n(total)} products (${n(inStock)} in stock), more than the ${n(max)} the adapter's `
    + `recommendations and focal-adapter train read: ${n(total - max)} ${total - max === 1 ? 'is' : 'are'} left out (${n(inStockCut)} in stock, `
    + `${n(outOfStockCut)} out of stock; in-stock products are read first, each group by id)`
    + (inStockCut ? '' : '; no product in stock is left out');
}

/** When a product was first listed in its site's catalog and last came back in stock (epoch ms; see migration 0007). */
export interface ProductListing {
  listedAt: number;
  restockedAt?: number;
}

/** The catalog as the recommendation index and `train` read it (`catalog.snapshot`). */
export interface CatalogSnapshot {
  /** At most {@link MAX_INDEXED_PRODUCTS}, in stock first, by id within each group; returned ordered by id. */
  products: Product[];
  /** Listing times by product id. */
  listings: Map<string, ProductListing>;
  /** Products the site holds, and how many are in stock (more than `products.length` when cut). */
  total: number;
  inStock: number;
  /** {@link catalogCapWarning} when products were left out. */
  warning?: string;
}

/** Filters for listing a site's catalog. */
export interface CatalogQuery {
  inStockOnly?: boolean;
  /** Top-level category (`categoryPath[0]`). */
  category?: string;
  /** Only products priced in this ISO-4217 currency. */
  currency?: string;
  limit?: number;
  offset?: number;
}

const CHUNK = 1000;

/** First key of the catalog's per-site transaction lock (`pg_advisory_xact_lock(int, int)`); the second is the site's. */
const CATALOG_LOCK = 0x46434154; // "FCAT"

/** A 32-bit key for a site key (FNV-1a), for the per-site lock. Two sites may share one: they then just take turns. */
export function siteLockKey(siteKey: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < siteKey.length; i++) h = Math.imul(h ^ siteKey.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * A catalog upsert that lists one product id twice: refused before anything is written, since which of the two rows
 * was meant cannot be known (a feed keeps the first and reports the repeat: `parseFeed`).
 */
export class DuplicateProductError extends Error {
  constructor(readonly id: string, readonly first: number, readonly repeat: number) {
    super(`catalog.upsert: product id ${JSON.stringify(id.slice(0, 128))} is listed twice (items ${first} and ${repeat}); list each product once (nothing was written)`);
    this.name = 'DuplicateProductError';
  }
}

/** @throws DuplicateProductError at the first id listed a second time (items counted from 1). */
function assertUniqueIds(products: Product[]): void {
  const seen = new Map<string, number>();
  products.forEach((p, i) => {
    const first = seen.get(p.id);
    if (first !== undefined) throw new DuplicateProductError(p.id, first + 1, i + 1);
    seen.set(p.id, i);
  });
}

/** The products table, per site. */
export function catalogRepo(db: SqlClient) {
  const upsertChunk = async (tx: Queryable, siteKey: string, products: Product[], listedAt?: ReadonlyMap<string, number | Date>) => {
    const rows = products.map((p) => {
      const listed = listedAt?.get(p.id);
      return {
        id: p.id, data: p, in_stock: p.inStock, price: p.price, category: p.categoryPath[0], brand: p.brand ?? null,
        listed_at: listed === undefined ? null : new Date(listed).toISOString(),
      };
    });
    // listed_at: set once, when the product first lands (an update keeps it); restocked_at: the update that brings
    // the product back in stock (`products.in_stock` is the stored row's, EXCLUDED the feed's)
    await tx.query(
      `INSERT INTO products (site_key, id, data, in_stock, price, category, brand, updated_at, listed_at)
       SELECT $1, x.id, x.data, x.in_stock, x.price, x.category, x.brand, now(), coalesce(x.listed_at, now())
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, data jsonb, in_stock boolean, price double precision, category text, brand text, listed_at timestamptz)
       ON CONFLICT (site_key, id) DO UPDATE SET data = EXCLUDED.data, in_stock = EXCLUDED.in_stock, price = EXCLUDED.price,
         category = EXCLUDED.category, brand = EXCLUDED.brand, updated_at = now(),
         restocked_at = CASE WHEN EXCLUDED.in_stock AND NOT products.in_stock THEN now() ELSE products.restocked_at END`,
      [siteKey, JSON.stringify(rows)],
    );
  };
  return {
    /**
     * Inserts or updates products in one transaction. With `fullFeed`, products of the site that the feed does not
     * list (nor `keep`) are marked out of stock (their history stays). Imports of one site take turns (a transaction
     * lock, on PostgreSQL across processes): two full feeds at once leave the catalog as the one committed last says,
     * never a mix of both (each would otherwise not see the other's new rows when marking what its feed lacks).
     * Each product id once: a call that lists one twice is refused whole, before any write. A product new to the site
     * is listed now (or at `listedAt`); one that comes back in stock is restocked now (migration 0007).
     * @throws DuplicateProductError naming the id and both items.
     */
    async upsert(siteKey: string, products: Product[], options: UpsertOptions = {}): Promise<UpsertSummary> {
      assertUniqueIds(products);
      for (const [id, at] of options.listedAt ?? []) {
        if (!Number.isFinite(new Date(at).getTime())) throw new RangeError(`catalog.upsert: listedAt of product ${JSON.stringify(id.slice(0, 128))} is not a time (${String(at)}); give epoch ms or a valid Date`);
      }
      // long by nature (a feed of thousands of products, waiting for another import of the site): no statement limit
      return db.unbounded().transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [CATALOG_LOCK, siteLockKey(siteKey)]);
        for (let i = 0; i < products.length; i += CHUNK) await upsertChunk(tx, siteKey, products.slice(i, i + CHUNK), options.listedAt);
        let markedOutOfStock = 0;
        if (options.fullFeed) {
          const result = await tx.query(
            `UPDATE products SET in_stock = false, data = jsonb_set(data, '{inStock}', 'false'::jsonb), updated_at = now()
             WHERE site_key = $1 AND in_stock AND NOT (id = ANY($2::text[])) RETURNING id`,
            [siteKey, [...products.map((p) => p.id), ...(options.keep ?? [])]],
          );
          markedOutOfStock = result.rows.length;
        }
        const counted = await tx.query<{ n: number; s: number }>(
          'SELECT count(*)::int AS n, count(*) FILTER (WHERE in_stock)::int AS s FROM products WHERE site_key = $1', [siteKey]);
        return { upserted: products.length, markedOutOfStock, siteProducts: Number(counted.rows[0]?.n ?? 0), siteInStock: Number(counted.rows[0]?.s ?? 0) };
      });
    },
    /** The products with these ids that exist, in the order asked. */
    async get(siteKey: string, ids: string[]): Promise<Product[]> {
      if (!ids.length) return [];
      const result = await db.query<{ data: unknown }>('SELECT data FROM products WHERE site_key = $1 AND id = ANY($2::text[])', [siteKey, ids]);
      const byId = new Map(result.rows.map((r) => { const p = json<Product>(r.data); return [p.id, p]; }));
      return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    },
    /** A page of the site's catalog ordered by id. */
    async list(siteKey: string, query: CatalogQuery = {}): Promise<Product[]> {
      const params: unknown[] = [siteKey];
      let where = 'site_key = $1';
      if (query.inStockOnly) where += ' AND in_stock';
      if (query.category) { params.push(query.category); where += ` AND category = $${params.length}`; }
      if (query.currency) { params.push(query.currency); where += ` AND data->>'currency' = $${params.length}`; }
      const limit = Math.min(Math.max(1, query.limit ?? 10_000), 100_000);
      const offset = Math.max(0, query.offset ?? 0);
      const result = await db.query<{ data: unknown }>(`SELECT data FROM products WHERE ${where} ORDER BY id LIMIT ${limit} OFFSET ${offset}`, params);
      return result.rows.map((r) => json<Product>(r.data));
    },
    /**
     * The catalog as the recommendation index and `train` read it, in one statement (one consistent snapshot): at most
     * `max` products, in stock first, with their listing times and the site's totals. Rows are returned as stored
     * (not re-validated against the `Product` contract).
     */
    async snapshot(siteKey: string, max = MAX_INDEXED_PRODUCTS): Promise<CatalogSnapshot> {
      if (!Number.isInteger(max) || max < 1) throw new RangeError(`catalog.snapshot: max must be a whole number ≥ 1, got ${String(max)}`);
      // the window counts are taken before the LIMIT: every product of the site
      const result = await db.query<{ data: unknown; listed_at: unknown; restocked_at: unknown; total: number; in_stock_total: number }>(
        `SELECT data, listed_at, restocked_at, total, in_stock_total FROM (
           SELECT data, id, listed_at, restocked_at, count(*) OVER () AS total, count(*) FILTER (WHERE in_stock) OVER () AS in_stock_total
           FROM products WHERE site_key = $1 ORDER BY in_stock DESC, id LIMIT $2) cut
         ORDER BY id`,
        [siteKey, max],
      );
      const products: Product[] = [];
      const listings = new Map<string, ProductListing>();
      for (const row of result.rows) {
        const p = json<Product>(row.data);
        products.push(p);
        const listing: ProductListing = { listedAt: Date.parse(iso(row.listed_at)) };
        if (row.restocked_at !== null && row.restocked_at !== undefined) listing.restockedAt = Date.parse(iso(row.restocked_at));
        listings.set(String(p.id), listing);
      }
      const total = Number(result.rows[0]?.total ?? 0);
      const inStock = Number(result.rows[0]?.in_stock_total ?? 0);
      const warning = catalogCapWarning(siteKey, total, inStock, max);
      return { products, listings, total, inStock, ...(warning ? { warning } : {}) };
    },
    async count(siteKey: string, inStockOnly = false): Promise<number> {
      const result = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM products WHERE site_key = $1${inStockOnly ? ' AND in_stock' : ''}`, [siteKey]);
      return Number(result.rows[0]?.n ?? 0);
    },
  };
}
export type CatalogRepo = ReturnType<typeof catalogRepo>;
