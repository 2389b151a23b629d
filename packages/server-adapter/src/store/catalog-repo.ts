import type { Product } from '@focal/sdk-core/contracts';
import type { Queryable, SqlClient } from './sql-client.js';
import { json } from './rows.js';

/** What an import changed. */
export interface UpsertSummary {
  /** Products stored (new or updated). */
  upserted: number;
  /** Products of the site missing from a full feed, now marked out of stock (never deleted). */
  markedOutOfStock: number;
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
  const upsertChunk = async (tx: Queryable, siteKey: string, products: Product[]) => {
    const rows = products.map((p) => ({
      id: p.id, data: p, in_stock: p.inStock, price: p.price, category: p.categoryPath[0], brand: p.brand ?? null,
    }));
    await tx.query(
      `INSERT INTO products (site_key, id, data, in_stock, price, category, brand, updated_at)
       SELECT $1, x.id, x.data, x.in_stock, x.price, x.category, x.brand, now()
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, data jsonb, in_stock boolean, price double precision, category text, brand text)
       ON CONFLICT (site_key, id) DO UPDATE SET data = EXCLUDED.data, in_stock = EXCLUDED.in_stock, price = EXCLUDED.price,
         category = EXCLUDED.category, brand = EXCLUDED.brand, updated_at = now()`,
      [siteKey, JSON.stringify(rows)],
    );
  };
  return {
    /**
     * Inserts or updates products in one transaction. With `fullFeed`, products of the site that the feed does not
     * list (nor `keep`) are marked out of stock (their history stays). Imports of one site take turns (a transaction
     * lock, on PostgreSQL across processes): two full feeds at once leave the catalog as the one committed last says,
     * never a mix of both (each would otherwise not see the other's new rows when marking what its feed lacks).
     * Each product id once: a call that lists one twice is refused whole, before any write.
     * @throws DuplicateProductError naming the id and both items.
     */
    async upsert(siteKey: string, products: Product[], options: { fullFeed?: boolean; keep?: string[] } = {}): Promise<UpsertSummary> {
      assertUniqueIds(products);
      // long by nature (a feed of thousands of products, waiting for another import of the site): no statement limit
      return db.unbounded().transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [CATALOG_LOCK, siteLockKey(siteKey)]);
        for (let i = 0; i < products.length; i += CHUNK) await upsertChunk(tx, siteKey, products.slice(i, i + CHUNK));
        let markedOutOfStock = 0;
        if (options.fullFeed) {
          const result = await tx.query(
            `UPDATE products SET in_stock = false, data = jsonb_set(data, '{inStock}', 'false'::jsonb), updated_at = now()
             WHERE site_key = $1 AND in_stock AND NOT (id = ANY($2::text[])) RETURNING id`,
            [siteKey, [...products.map((p) => p.id), ...(options.keep ?? [])]],
          );
          markedOutOfStock = result.rows.length;
        }
        return { upserted: products.length, markedOutOfStock };
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
    async count(siteKey: string, inStockOnly = false): Promise<number> {
      const result = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM products WHERE site_key = $1${inStockOnly ? ' AND in_stock' : ''}`, [siteKey]);
      return Number(result.rows[0]?.n ?? 0);
    },
  };
}
export type CatalogRepo = ReturnType<typeof catalogRepo>;
