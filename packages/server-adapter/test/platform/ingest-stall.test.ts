/**
 * The store stalls right after it stored a batch of events (a lock, a failover starting): the device gets its answer
 * for the stored events in a few seconds instead of when its own request gives up (10 s) and sends them again, and the
 * shopper's profile catches up once the store answers. The stall is a trigger on the profiles table that waits on an
 * advisory lock the test holds. PostgreSQL only (DATABASE_URL).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const url = process.env.DATABASE_URL;
const GATE = 0x46535449; // advisory key of this test's gate ("FSTI")

describe.skipIf(!url)('ingest while the store stalls after storing the events', () => {
  let adapter: TestAdapter;
  let gate: pg.Client;
  beforeAll(async () => {
    adapter = await startTestAdapter({ databaseUrl: url, products: [makeProduct('FR-001')] });
    await adapter.sql.exec(`CREATE FUNCTION profile_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.profile_key = 'a:stalled' THEN
          PERFORM pg_advisory_lock_shared(${GATE});
          PERFORM pg_advisory_unlock_shared(${GATE});
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER profile_gate BEFORE INSERT OR UPDATE ON profiles FOR EACH ROW EXECUTE FUNCTION profile_gate();`);
    gate = new pg.Client({ connectionString: url });
    await gate.connect();
  });
  afterAll(async () => {
    await gate?.end();
    await adapter?.close();
  });

  it('answers the stored events before the device gives up, and the profile follows once the store answers', async () => {
    const event = makeEvent('product_view', { anonymousId: 'stalled', properties: { productId: 'FR-001' } });
    await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
    let answer: { status: number; body: unknown } | 'no answer';
    try {
      // the profile update waits on the gate, which opens only after the answer came (or the device gave up: 8 s)
      answer = await fetch(`${adapter.url}/v1/events`, {
        method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [event] }), signal: AbortSignal.timeout(8000),
      }).then(async (response) => ({ status: response.status, body: await response.json() as unknown }), () => 'no answer' as const);
    } finally {
      await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
    }
    // was an answer only when the profile's statement gave up (10 s): the device had resent the events by then
    expect(answer).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, rejected: 0, results: [{ index: 0, id: event.id, status: 'accepted' }] } });
    expect((await adapter.storedEvents()).map((e) => e.id)).toEqual([event.id]);
    const profile = () => fetch(`${adapter.url}/v1/profiles/me`, { headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'stalled' } })
      .then((response) => response.json() as Promise<{ recentViews: { productId: string }[] }>);
    let views = (await profile()).recentViews;
    for (let i = 0; i < 40 && !views.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      views = (await profile()).recentViews;
    }
    expect(views.map((v) => v.productId)).toEqual(['FR-001']);
  }, 30_000);
});
