import type { Queryable } from '../store/sql-client.js';

/**
 * Ids of the products a shopper bought on a site, from the stored `purchase` events. The shopper is matched by
 * user id or anonymous id, whichever the email service knows them by; a user id also takes in the anonymous ids
 * linked to it (its events' anonymous ids and `identify`'s `previousAnonymousId`, as profiles merge them), so what
 * they bought before signing in counts too.
 */
export async function purchasedProductIds(db: Queryable, siteKey: string, shopper: string): Promise<Set<string>> {
  const result = await db.query<{ product_id: string }>(
    `SELECT DISTINCT item->>'productId' AS product_id
     FROM events, jsonb_array_elements(payload->'properties'->'lineItems') AS item
     WHERE site_key = $1 AND type = 'purchase' AND (user_id = $2 OR anonymous_id = $2 OR anonymous_id IN (
       SELECT unnest(ARRAY[anonymous_id, payload->'properties'->>'previousAnonymousId'])
       FROM events WHERE site_key = $1 AND user_id = $2))`,
    [siteKey, shopper],
  );
  return new Set(result.rows.map((r) => String(r.product_id)));
}

/**
 * The shopper's latest purchase of each product they bought (matched as {@link purchasedProductIds}): when (event
 * time, epoch ms) and how many units, so consumables due for a restock can be told from what was just bought.
 */
export async function lastPurchases(db: Queryable, siteKey: string, shopper: string): Promise<Map<string, { at: number; quantity: number }>> {
  const result = await db.query<{ product_id: string; at: string | Date; quantity: number | null }>(
    `SELECT DISTINCT ON (item->>'productId') item->>'productId' AS product_id, event_time AS at, (item->>'quantity')::int AS quantity
     FROM events, jsonb_array_elements(payload->'properties'->'lineItems') AS item
     WHERE site_key = $1 AND type = 'purchase' AND (user_id = $2 OR anonymous_id = $2 OR anonymous_id IN (
       SELECT unnest(ARRAY[anonymous_id, payload->'properties'->>'previousAnonymousId'])
       FROM events WHERE site_key = $1 AND user_id = $2))
     ORDER BY item->>'productId', event_time DESC`,
    [siteKey, shopper],
  );
  return new Map(result.rows.map((r) => [String(r.product_id), { at: new Date(r.at).getTime(), quantity: Number(r.quantity ?? 1) || 1 }]));
}

/**
 * How the site's events know this shopper: `user` when some event carries the id as its user id, else `anonymous`
 * when some carries it as its anonymous id (the browser's id of a visitor who never signed in), else `undefined`
 * (a cold shopper, never seen).
 */
export async function shopperIdKind(db: Queryable, siteKey: string, shopper: string): Promise<'user' | 'anonymous' | undefined> {
  const result = await db.query<{ as_user: boolean; as_anonymous: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM events WHERE site_key = $1 AND user_id = $2) AS as_user,
            EXISTS (SELECT 1 FROM events WHERE site_key = $1 AND anonymous_id = $2) AS as_anonymous`, [siteKey, shopper]);
  const row = result.rows[0];
  return row?.as_user ? 'user' : row?.as_anonymous ? 'anonymous' : undefined;
}

/** Whether the store holds any event of this shopper (a shopper without one is "cold"). */
export async function hasHistory(db: Queryable, siteKey: string, shopper: string): Promise<boolean> {
  const result = await db.query(
    'SELECT 1 FROM events WHERE site_key = $1 AND (user_id = $2 OR anonymous_id = $2) LIMIT 1', [siteKey, shopper]);
  return result.rows.length > 0;
}

/**
 * The site's best sellers: units bought per product over the last `days` days (by event time), most first,
 * in-stock products only (priced in `currency` when given), ties broken by product id so the order is stable.
 */
export async function bestSellerIds(db: Queryable, siteKey: string, options: { days: number; limit: number; now: Date; currency?: string }): Promise<{ productId: string; units: number }[]> {
  const result = await db.query<{ product_id: string; units: number }>(
    `SELECT item->>'productId' AS product_id, sum((item->>'quantity')::int)::int AS units
     FROM events e, jsonb_array_elements(e.payload->'properties'->'lineItems') AS item
     WHERE e.site_key = $1 AND e.type = 'purchase' AND e.event_time >= $2 AND e.event_time <= $3
       AND EXISTS (SELECT 1 FROM products p WHERE p.site_key = e.site_key AND p.id = item->>'productId' AND p.in_stock
                   AND ($4::text IS NULL OR p.data->>'currency' = $4))
     GROUP BY 1 ORDER BY units DESC, product_id LIMIT ${Math.max(1, Math.min(options.limit, 1000))}`,
    [siteKey, new Date(options.now.getTime() - options.days * 86_400_000), options.now, options.currency ?? null],
  );
  return result.rows.map((r) => ({ productId: String(r.product_id), units: Number(r.units) }));
}
