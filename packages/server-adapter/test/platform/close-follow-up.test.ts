/**
 * A deploy closes the adapter while what follows from the last batches (health counters, then the profile update)
 * still runs after their answer: `close()` waits for it (up to its grace period) before it closes the store, so the
 * shopper's profile is not cut off. The follow-up is held by a trigger on the health counters table that waits on an
 * advisory lock the test holds until close() was called. PostgreSQL only (DATABASE_URL).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter } from '../../src/adapter.js';
import { createLogger } from '../../src/observability/logger.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const url = process.env.DATABASE_URL;
const GATE = 0x46434c4f; // advisory key of this test's gate ("FCLO")
const SITE = 'pk_close_follow_up';

describe.skipIf(!url)('adapter.close() with ingest follow-up work still running', () => {
  const schema = `focal_test_${randomBytes(6).toString('hex')}`;
  let adapter: Adapter;
  let other: pg.Client;
  const logs: string[] = [];
  beforeAll(async () => {
    adapter = await createAdapter({
      config: { databaseUrl: url!, log: 'silent', sites: [{ siteKey: SITE, name: 'Close', allowedOrigins: [], settings: {} }] },
      schema, logger: createLogger('error', (line) => logs.push(line)),
    });
    await adapter.store.catalog.upsert(SITE, [makeProduct('FR-001')]);
    await adapter.store.sql.exec(`CREATE FUNCTION follow_up_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_lock_shared(${GATE});
        PERFORM pg_advisory_unlock_shared(${GATE});
        RETURN NEW;
      END $$;
      CREATE TRIGGER follow_up_gate BEFORE INSERT OR UPDATE ON ingest_health FOR EACH ROW EXECUTE FUNCTION follow_up_gate();`);
    other = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await other.connect();
  });
  afterAll(async () => {
    await other?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await other?.end();
  });

  it('waits for the profile update of a batch answered before it, then closes the store', async () => {
    await other.query('SELECT pg_advisory_lock($1)', [GATE]);
    let released = false;
    try {
      // one rejected event, so the health counters are written (and wait on the gate) before the profile update
      const response = await adapter.handler(new Request('http://adapter/v1/events', {
        method: 'POST', headers: { 'x-focal-site-key': SITE, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [makeEvent('add_to_cart', { anonymousId: 'deploy' }), { type: 'nonsense' }] }),
      }));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ accepted: 1, rejected: 1 });
      const closed = adapter.close();
      await other.query('SELECT pg_advisory_unlock($1)', [GATE]);
      released = true;
      await closed;
    } finally {
      if (!released) await other.query('SELECT pg_advisory_unlock($1)', [GATE]);
    }
    // was: the store closed under the follow-up, the profile update failed ("Cannot use a pool after calling end")
    const { rows } = await other.query<{ data: { profile: { cart: { productId: string; quantity: number }[] } } }>(
      "SELECT data FROM profiles WHERE site_key = $1 AND profile_key = 'a:deploy'", [SITE]);
    expect(rows[0]?.data.profile.cart).toEqual([expect.objectContaining({ productId: 'FR-001', quantity: 1 })]);
    expect(logs.filter((line) => line.includes('ingest listener failed'))).toEqual([]);
  }, 30_000);
});
