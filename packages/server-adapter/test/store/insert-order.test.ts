/**
 * `events.insert` stores every batch in id order, small (unnest) or large (jsonb_to_recordset, more than 200 events):
 * two processes storing overlapping batches (a retry of a 300-event batch that reached another process) then take the
 * rows' locks in one order and wait for each other instead of deadlocking. PGlite always; PostgreSQL with
 * DATABASE_URL (the deadlock, with two connections on loopback; an unreachable DATABASE_URL fails loudly).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { NewEvent, Queryable, Store } from '../../src/store/index.js';
import { makeEvent } from '../fixtures.js';
import { backends } from './backends.js';

const SITE = 'pk_insert_order';

/** `count` events with increasing ids (uuidv7 of one process), as stored rows. */
function batch(count: number, properties: (i: number) => Record<string, unknown> = () => ({ title: 'Home' })): NewEvent[] {
  const at = new Date('2026-11-24T10:00:00Z');
  return Array.from({ length: count }, (_, i) => ({ event: makeEvent('page_view', { id: uuidv7(), properties: properties(i) }), receivedAt: at, eventTime: at }));
}

describe.each(backends)('events.insert order ($name)', (backend) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await backend.open());
  });
  afterAll(async () => drop?.());

  it.each([10, 200, 201, 500])('inserts a batch of %i events given in reverse in id order (seq ascends with the id)', async (size) => {
    const events = batch(size).reverse();
    const seqs = await store.events.insert(SITE, events);
    expect(seqs.size).toBe(size);
    const byId = [...seqs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, seq]) => seq);
    // the rows went in ascending id order: sorted by id, their seqs ascend (the large path used to follow the batch)
    expect(byId).toEqual([...byId].sort((a, b) => a - b));
  });
});

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('two connections storing one large batch in opposite orders (PostgreSQL)', () => {
  const GATE = 0x46475445; // advisory key of this test's gate ("FGTE")
  let setup: Awaited<ReturnType<(typeof backends)[number]['open']>>;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${setup.options.schema}` });
    await client.connect(); // throws (fails the suite) when PostgreSQL is unreachable
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    setup = await backends.find((b) => b.name === 'postgres')!.open();
    // A row marked "gate" waits, before it is inserted, until the test opens the gate: both statements are then
    // stopped half-way, each holding the rows it inserted so far (the interleaving two busy processes can reach).
    await setup.store.sql.exec(`
      CREATE FUNCTION insert_order_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.payload -> 'properties' ->> 'gate' = 'yes' THEN
          PERFORM pg_advisory_lock_shared(${GATE});
          PERFORM pg_advisory_unlock_shared(${GATE});
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER insert_order_gate BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION insert_order_gate();`);
  });
  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    await setup?.drop();
  });

  it('both store it (one waits for the other) instead of one failing with a deadlock', async () => {
    const SIZE = 300; // over 200: the jsonb_to_recordset statement
    const ids = Array.from({ length: SIZE }, () => uuidv7()).sort();
    const rows = (gateAt: number) => batch(SIZE, (i) => ({ title: 'Home', ...(i === gateAt ? { gate: 'yes' } : {}) }))
      .map((row, i) => ({ ...row, event: { ...row.event, id: ids[i]! } }));
    // Process A sends the batch in id order, stopping before row 150; process B in reverse order, stopping before
    // row 149: inserted in the order given, A holds rows 0-149 and B rows 299-150, and each then needs the other's.
    const a = rows(150);
    const b = rows(149).reverse();
    const gate = await connect();
    await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
    const [left, right] = [await connect(), await connect()];
    const pids = await Promise.all([left, right].map(async (c) => Number((await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid)));
    const on = (client: pg.Client): Queryable => ({ query: async (text, params) => ({ rows: (await client.query(text, params as unknown[])).rows }) });
    const outcome = (promise: Promise<Map<string, number>>) => promise.then((stored) => `stored ${stored.size}`, (error: { code?: string; message: string }) => `${error.code}: ${error.message}`);
    const results = Promise.all([outcome(setup.store.events.insert(SITE, a, on(left))), outcome(setup.store.events.insert(SITE, b, on(right)))]);
    // Open the gate once both statements wait (on the gate, or one on the other's rows): a bounded wait on loopback.
    let waiting = 0;
    for (let i = 0; i < 500 && waiting < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      waiting = Number((await gate.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1) AND wait_event_type = 'Lock'`, [pids])).rows[0].n);
    }
    expect(waiting, 'both inserts should be waiting before the gate opens').toBe(2);
    await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
    const [first, second] = await results;
    // old code: "40P01: deadlock detected" for one of them (its events answered 500 and were sent again)
    expect([first, second].sort()).toEqual(['stored 0', `stored ${SIZE}`]);
    expect(await setup.store.events.count(SITE)).toBe(SIZE);
  }, 30_000);
});
