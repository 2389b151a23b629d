/**
 * A transaction the database rolls back for a deadlock (40P01) or a serialization failure (40001) wrote nothing and
 * usually succeeds when run again: the store runs it again (twice at most), and only then answers 503
 * store_unavailable with Retry-After, like a store that does not answer, never 500 internal. A real deadlock on
 * PostgreSQL (DATABASE_URL): a trigger on events takes two advisory locks the test takes in the other order. On both
 * stores: a trigger that raises the SQLSTATE itself (counting its calls in a sequence, which no rollback undoes).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { createLogger } from '../../src/observability/logger.js';
import { makeEvent } from '../fixtures.js';

const url = process.env.DATABASE_URL;
const FIRST = 0x4644_4c31; // advisory keys of the deadlock ("FDL1", "FDL2")
const SECOND = 0x4644_4c32;

const RAISING = `CREATE SEQUENCE conflict_tries;
  CREATE FUNCTION conflict_gate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.anonymous_id = 'serialization' AND nextval('conflict_tries') <= 2 THEN
        RAISE EXCEPTION 'could not serialize access due to concurrent update' USING ERRCODE = '40001';
      END IF;
      IF NEW.anonymous_id = 'always-deadlocked' THEN
        PERFORM nextval('conflict_tries');
        RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01';
      END IF;
      RETURN NEW;
    END $$;
  CREATE TRIGGER conflict_gate BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION conflict_gate();`;

for (const backend of ['pglite', ...(url ? ['postgres'] as const : [])] as const) {
  describe(`a deadlock or serialization failure while storing events (${backend})`, () => {
    let adapter: TestAdapter;
    const logs: string[] = [];
    beforeAll(async () => {
      adapter = await startTestAdapter({ ...(backend === 'postgres' ? { databaseUrl: url } : {}), logger: createLogger('error', (line) => logs.push(line)) });
      await adapter.sql.exec(RAISING);
    });
    afterAll(async () => {
      await adapter?.close();
    });
    const ingest = async (anonymousId: string) => {
      const events = [makeEvent('page_view', { anonymousId }), makeEvent('page_view', { anonymousId: 'neighbour' })];
      const response = await fetch(`${adapter.url}/v1/events`, {
        method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' },
        body: JSON.stringify({ events }), signal: AbortSignal.timeout(15_000),
      });
      return { events, status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() as unknown };
    };
    const tries = async () => Number((await adapter.sql.query<{ n: number }>('SELECT last_value AS n FROM conflict_tries')).rows[0]!.n);

    it('a batch whose insert fails twice with 40001 is stored on the third try and answered 200', async () => {
      const answer = await ingest('serialization');
      // was 500 internal on the first failure, the batch not stored
      expect(answer).toMatchObject({ status: 200, body: { accepted: 2, duplicates: 0, rejected: 0 } });
      expect((await adapter.storedEvents()).map((e) => e.id).sort()).toEqual(answer.events.map((e) => e.id).sort());
      expect(await tries()).toBe(3);
    });

    it('a batch that deadlocks on every try answers 503 store_unavailable with Retry-After after 3 tries, none of it stored', async () => {
      const before = await tries();
      const stored = (await adapter.storedEvents()).length;
      const answer = await ingest('always-deadlocked');
      // was 500 internal, logged with a stack
      expect(answer).toMatchObject({ status: 503, retryAfter: '5', body: { error: { code: 'store_unavailable' } } });
      expect(await tries() - before).toBe(3);
      expect((await adapter.storedEvents()).length).toBe(stored);
      expect(logs.filter((line) => line.includes('"stack"'))).toEqual([]);
    });
  });
}

describe.skipIf(!url)('a real deadlock while storing events (PostgreSQL)', () => {
  let adapter: TestAdapter;
  let other: pg.Client;
  beforeAll(async () => {
    adapter = await startTestAdapter({ databaseUrl: url });
    await adapter.sql.exec(`CREATE FUNCTION deadlock_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.anonymous_id = 'deadlocked' THEN
          PERFORM pg_advisory_xact_lock(${FIRST});
          PERFORM pg_advisory_xact_lock(${SECOND});
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER deadlock_gate BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION deadlock_gate();`);
    other = new pg.Client({ connectionString: url });
    await other.connect();
    // the other session never runs the deadlock check first: the adapter's statement is the one rolled back
    await other.query(`SET deadlock_timeout = '60s'`);
  });
  afterAll(async () => {
    await other?.end();
    await adapter?.close();
  });

  it('the insert chosen as the deadlock victim is run again and the batch answered 200, stored once', async () => {
    const events = [makeEvent('page_view', { anonymousId: 'deadlocked' })];
    await other.query('SELECT pg_advisory_lock($1)', [SECOND]);
    const answer = fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' },
      body: JSON.stringify({ events }), signal: AbortSignal.timeout(15_000),
    }).then(async (response) => ({ status: response.status, body: await response.json() as unknown }));
    // the adapter holds FIRST and waits for SECOND: now the other session asks for FIRST, closing the cycle
    let waiting = false;
    for (let i = 0; i < 100 && !waiting; i++) {
      const { rows } = await other.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted", [SECOND]);
      waiting = rows.length > 0;
      if (!waiting) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(waiting).toBe(true);
    await other.query('SELECT pg_advisory_lock($1)', [FIRST]); // granted once the adapter's transaction is rolled back
    await other.query('SELECT pg_advisory_unlock_all()');
    // was 500 internal ("deadlock detected"), the event not stored
    expect(await answer).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, rejected: 0, results: [{ index: 0, id: events[0]!.id, status: 'accepted' }] } });
    expect((await adapter.storedEvents()).map((e) => e.id)).toEqual([events[0]!.id]);
  }, 30_000);
});
