/**
 * A shopper's erasure and a profile update of the same shopper (ingest, or the catch-up) take their locks in one
 * order — the profile row first, then its pending events — so they wait for each other instead of deadlocking. The
 * erasure used to delete the events first (locking their `profile_pending` rows through the cascade) and the profile
 * after: the opposite of the update. PostgreSQL with DATABASE_URL (two connections on loopback, no retry, so a
 * deadlock shows; an unreachable DATABASE_URL fails loudly).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { eraseSubject } from '../../src/profiles/service.js';
import { updateProfiles } from '../../src/profiles/updater.js';
import type { NewEvent, Store, Transaction } from '../../src/store/index.js';
import { makeEvent } from '../fixtures.js';
import { backends } from '../store/backends.js';

const SITE = 'pk_erasure_lock_order';
const url = process.env.DATABASE_URL;

/** A product view of `anonymousId`, stored as ingest stores it: pending for its profile. */
function view(anonymousId: string, productId: string): NewEvent {
  const at = new Date('2026-11-24T10:00:00Z');
  return { event: makeEvent('product_view', { id: uuidv7(), anonymousId, properties: { productId } }), receivedAt: at, eventTime: at, profileKey: `a:${anonymousId}` };
}

describe.skipIf(!url)('an erasure and a profile update of one shopper at once (PostgreSQL)', () => {
  const GATE = 0x46474552; // advisory key of this test's gate ("FGER")
  let setup: Awaited<ReturnType<(typeof backends)[number]['open']>>;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${setup.options.schema}` });
    await client.connect(); // throws (fails the suite) when PostgreSQL is unreachable
    clients.push(client);
    return client;
  };
  /** The store with its transactions on `client`, run once (no retry on a deadlock, so the test sees it). */
  const on = (client: pg.Client): Store => {
    const tx: Transaction = {
      query: async (text, params) => ({ rows: (await client.query(text, params as unknown[])).rows }),
      exec: async (script) => void (await client.query(script)),
    };
    return {
      ...setup.store,
      sql: {
        ...setup.store.sql,
        async transaction(fn) {
          await client.query('BEGIN');
          try {
            const result = await fn(tx);
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          }
        },
      },
    };
  };
  beforeAll(async () => {
    setup = await backends.find((b) => b.name === 'postgres')!.open();
    // The erasure stops, while the gate is closed, when it records itself in `shopper_erasures`: after deleting the
    // events (and, by the cascade, their pending rows), before deleting the profile.
    await setup.store.sql.exec(`
      CREATE FUNCTION erasure_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_lock_shared(${GATE});
        PERFORM pg_advisory_unlock_shared(${GATE});
        RETURN NEW;
      END $$;
      CREATE TRIGGER erasure_gate BEFORE INSERT ON shopper_erasures FOR EACH ROW EXECUTE FUNCTION erasure_gate();`);
  });
  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    await setup?.drop();
  });

  it('both finish (the update waits for the erasure) instead of one failing with a deadlock', async () => {
    const { store } = setup;
    const key = 'a:erased' as const;
    // the shopper has a profile (one view applied) and a view stored since, not applied yet
    await store.events.insert(SITE, [view('erased', 'P1')]);
    await updateProfiles(store, [], undefined, [], [{ siteKey: SITE, profileKey: key }]);
    expect((await store.profiles.get(SITE, key))?.profile.recentViews).toHaveLength(1);
    await store.events.insert(SITE, [view('erased', 'P2')]);

    const gate = await connect();
    await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
    const [eraser, updater] = [await connect(), await connect()];
    const pidOf = async (c: pg.Client) => Number((await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const [eraserPid, updaterPid] = [await pidOf(eraser), await pidOf(updater)];
    const outcome = (promise: Promise<unknown>, done: string) => promise.then(() => done, (error: { code?: string; message: string }) => `${error.code}: ${error.message}`);
    /** Waits (bounded, on loopback) until `pid` is blocked by `by`. */
    const blocked = async (pid: number, by: number) => {
      for (let i = 0; i < 500; i++) {
        const { rows } = await gate.query('SELECT $2::int = ANY(pg_blocking_pids($1::int)) AS blocked', [pid, by]);
        if (rows[0].blocked) return true;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return false;
    };

    const erased = outcome(eraseSubject(on(eraser), SITE, { anonymousId: 'erased' }), 'erased');
    expect(await blocked(eraserPid, await pidOf(gate)), 'the erasure should stop at the gate').toBe(true);
    const updated = outcome(updateProfiles(on(updater), [], undefined, [], [{ siteKey: SITE, profileKey: key }]), 'updated');
    expect(await blocked(updaterPid, eraserPid), 'the update should wait for the erasure').toBe(true);
    await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);

    // old code: "40P01: deadlock detected" for one of them (retried by the store, but a shopper's erasure and ingest
    // collided and one was rolled back)
    expect(await Promise.all([erased, updated])).toEqual(['erased', 'updated']);
    expect(await store.profiles.get(SITE, key)).toBeUndefined();
    expect(await store.events.count(SITE)).toBe(0);
  }, 30_000);
});
