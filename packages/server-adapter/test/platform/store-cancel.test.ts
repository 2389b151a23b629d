/**
 * A statement the database gives up on (a server-side statement_timeout or lock_timeout, as managed PostgreSQL
 * services set them; an operator's pg_cancel_backend on a stuck query) is the store not answering in time: 503
 * store_unavailable with Retry-After, logged in one line, not a 500 "internal" with a stack; and none of the batch's
 * events is acked, so the device sends them again. The statements are held by a trigger on the events table that waits
 * on an advisory lock the test holds. PostgreSQL only (DATABASE_URL).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { createLogger } from '../../src/observability/logger.js';
import { makeEvent } from '../fixtures.js';

const url = process.env.DATABASE_URL;
const GATE = 0x4643414e; // advisory key of this test's gate ("FCAN")

describe.skipIf(!url)('a statement the database cancels', () => {
  let adapter: TestAdapter;
  let gate: pg.Client;
  const logs: string[] = [];
  beforeAll(async () => {
    adapter = await startTestAdapter({ databaseUrl: url, logger: createLogger('error', (line) => logs.push(line)) });
    // events of shopper "held" wait on the gate; those of "lock-timeout" give up on it after 100 ms, as under a
    // lock_timeout the server applies
    await adapter.sql.exec(`CREATE FUNCTION cancel_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.anonymous_id = 'lock-timeout' THEN
          SET LOCAL lock_timeout = '100ms';
        END IF;
        IF NEW.anonymous_id IN ('held', 'lock-timeout') THEN
          PERFORM pg_advisory_lock_shared(${GATE});
          PERFORM pg_advisory_unlock_shared(${GATE});
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER cancel_gate BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION cancel_gate();`);
    gate = new pg.Client({ connectionString: url });
    await gate.connect();
    await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
  });
  afterAll(async () => {
    await gate?.query('SELECT pg_advisory_unlock($1)', [GATE]).catch(() => undefined);
    await gate?.end();
    await adapter?.close();
  });

  const ingest = async (anonymousId: string) => {
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [makeEvent('page_view', { anonymousId }), makeEvent('page_view', { anonymousId: 'neighbour' })] }),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() as unknown };
  };
  const storeDown = { status: 503, retryAfter: '5', body: { error: { code: 'store_unavailable' } } };

  it('an insert cancelled by an operator (pg_cancel_backend) answers 503 and stores none of the batch', async () => {
    const answer = ingest('held');
    // the adapter's statement waiting on the gate (only it waits on this key), cancelled as one cancels a stuck query
    let cancelled = 0;
    for (let i = 0; i < 40 && !cancelled; i++) {
      const { rows } = await gate.query<{ ok: boolean }>(
        "SELECT pg_cancel_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted", [GATE]);
      cancelled = rows.filter((r) => r.ok).length;
      if (!cancelled) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(cancelled).toBe(1);
    // was 500 internal, logged with its stack, for a store that was merely stuck
    expect(await answer).toMatchObject(storeDown);
    expect((await adapter.storedEvents()).map((e) => e.anonymousId)).toEqual([]);
    expect(logs.filter((line) => line.includes('"stack"'))).toEqual([]);
  });

  it('an insert that waited past the server\'s lock_timeout answers 503 and stores none of the batch', async () => {
    expect(await ingest('lock-timeout')).toMatchObject(storeDown);
    expect((await adapter.storedEvents()).map((e) => e.anonymousId)).toEqual([]);
  });
});
