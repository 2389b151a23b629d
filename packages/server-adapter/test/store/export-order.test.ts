/**
 * `GET /v1/admin/events?after=<seq>` never skips an event, however the writing transactions interleave. A `seq` is
 * taken when a row is inserted, not when its transaction commits, so a consumer paging by the last seq it read never
 * saw an event whose transaction held a lower seq and committed after a higher one had been exported. Transactions are
 * driven by hand on two extra PostgreSQL connections (no sleeps: each step waits for the previous statement's answer);
 * the resume and paging cases run on PGlite too.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent, Queryable, StoredEvent } from '../../src/store/index.js';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent } from '../fixtures.js';

const url = process.env.DATABASE_URL;
const stores = [{ name: 'PGlite', databaseUrl: undefined }, ...(url ? [{ name: 'PostgreSQL', databaseUrl: url }] : [])];

const row = (anonymousId: string): NewEvent => {
  const at = new Date('2026-11-24T10:00:00Z');
  return { event: makeEvent('page_view', { anonymousId }), receivedAt: at, eventTime: at };
};

/** One export request after `after`: its lines and the count of committed events it held back. */
async function exportAfter(adapter: TestAdapter, after: number): Promise<{ events: StoredEvent[]; heldBack: number }> {
  const response = await fetch(`${adapter.url}/v1/admin/events?site=${adapter.siteKey}&after=${after}`, {
    headers: { authorization: `Bearer ${adapter.adminKey}` },
  });
  expect(response.status).toBe(200);
  const events = (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line) as StoredEvent);
  return { events, heldBack: Number(response.headers.get('x-focal-held-back') ?? 0) };
}

/**
 * A consumer: exports after `after`, then again after the last line's seq, until an export has no line. With
 * `settle`, it also comes back while the export says committed events are held back (a transaction elsewhere on the
 * server, older than theirs, is still open: other tests share the server), at most 3,000 times.
 */
async function drain(adapter: TestAdapter, after: number, settle: boolean) {
  const events: StoredEvent[] = [];
  let cursor = after;
  for (let round = 0; round < 3000; round++) {
    const page = await exportAfter(adapter, cursor);
    events.push(...page.events);
    if (page.events.length) cursor = page.events[page.events.length - 1]!.seq;
    else if (!settle || page.heldBack === 0) return { events, cursor, heldBack: page.heldBack };
    else await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the export still held events back after 3,000 requests: a transaction on ${url} stays open`);
}

describe.each(stores)('event export order on $name', ({ databaseUrl }) => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(async () => adapter?.close());

  it('pages past 1,000 events in one answer and resumes after the last line exactly', async () => {
    const site = adapter.siteKey;
    const ids = [...(await adapter.store.events.insert(site, Array.from({ length: 2500 }, () => row('many')))).keys()];
    const all = await drain(adapter, 0, true);
    expect(all.events.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(all.events.map((e) => e.seq)).toEqual(all.events.map((e) => e.seq).sort((a, b) => a - b));
    const more = [...(await adapter.store.events.insert(site, [row('more'), row('more')])).keys()];
    expect((await drain(adapter, all.cursor, true)).events.map((e) => e.id).sort()).toEqual([...more].sort());
    const everything = (await drain(adapter, 0, true)).events;
    const middle = everything[1234]!;
    expect((await drain(adapter, middle.seq, true)).events).toEqual(everything.slice(1235));
  });

  it('resumes after an event erased since it was exported at the next stored one', async () => {
    const site = adapter.siteKey;
    const start = (await drain(adapter, 0, true)).cursor;
    await adapter.store.events.insert(site, [row('keep-1')]);
    await adapter.store.events.insert(site, [row('erased')]);
    await adapter.store.events.insert(site, [row('keep-2')]);
    const seen = await drain(adapter, start, true);
    expect(seen.events.map((e) => e.anonymousId)).toEqual(['keep-1', 'erased', 'keep-2']);
    await adapter.store.events.deleteShopper(site, { anonymousIds: ['erased'] });
    const resumed = await drain(adapter, seen.events[1]!.seq, true);
    expect(resumed.events.map((e) => e.anonymousId)).toEqual(['keep-2']);
  });

  it('refuses a position that no page gave, saying what one looks like', async () => {
    await expect(adapter.store.events.exportPage({ after: { tx: '12; DROP TABLE events', seq: 1 } })).rejects.toThrow(/position of a page's last event/);
    await expect(adapter.store.events.exportPage({ after: { tx: '12', seq: -1 } })).rejects.toThrow(/seq: <whole number>/);
  });
});

describe.skipIf(!url)('event export while transactions commit out of seq order (PostgreSQL)', () => {
  const schema = `focal_export_${randomBytes(5).toString('hex')}`;
  let adapter: TestAdapter;
  const clients: pg.Client[] = [];
  /** A connection of its own (another adapter process), in the adapter's schema. */
  const connect = async () => {
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    clients.push(client);
    return client;
  };
  const on = (client: pg.Client): Queryable => ({ query: async (text, params) => client.query(text, params as unknown[]) as never });

  beforeAll(async () => {
    adapter = await startTestAdapter({ databaseUrl: url!, schema });
  });
  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    await adapter?.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await adapter?.close();
  });

  it('holds back an event committed past an open transaction\'s lower seq, then gives both exactly once', async () => {
    const site = adapter.siteKey;
    const start = (await drain(adapter, 0, true)).cursor;
    const [a, b] = [await connect(), await connect()];
    await a.query('BEGIN');
    const [[idA, seqA]] = [...await adapter.store.events.insert(site, [row('tx-a')], on(a))];
    await b.query('BEGIN');
    const [[idB, seqB]] = [...await adapter.store.events.insert(site, [row('tx-b')], on(b))];
    expect(seqA).toBeLessThan(seqB);
    await b.query('COMMIT');

    // B is committed, A still open with the lower seq: exporting B now would move the consumer past A for good
    const early = await drain(adapter, start, false);
    expect(early.events.map((e) => e.id)).toEqual([]);
    expect(early.heldBack).toBe(1);

    await a.query('COMMIT');
    const late = await drain(adapter, early.cursor, true);
    expect([...early.events, ...late.events].map((e) => e.id)).toEqual([idA, idB]);
  });

  it('gives every event exactly once when a transaction that began earlier takes the higher seq (a seed\'s next batch)', async () => {
    // B stores its first batch (taking its transaction id), A then stores an event, B its second batch, after A's seq:
    // B's id is below A's, so B's events may be exported while A is open; A, committed later, must still follow them
    const site = adapter.siteKey;
    const start = (await drain(adapter, 0, true)).cursor;
    const [a, b] = [await connect(), await connect()];
    await b.query('BEGIN');
    const [[idB1]] = [...await adapter.store.events.insert(site, [row('tx-b')], on(b))];
    await a.query('BEGIN');
    const [[idA, seqA]] = [...await adapter.store.events.insert(site, [row('tx-a')], on(a))];
    const [[idB2, seqB2]] = [...await adapter.store.events.insert(site, [row('tx-b')], on(b))];
    expect(seqA).toBeLessThan(seqB2);
    await b.query('COMMIT');

    const early = await drain(adapter, start, false);
    expect(early.events.map((e) => e.id)).not.toContain(idA);
    await a.query('COMMIT');
    const late = await drain(adapter, early.cursor, true);
    const ids = [...early.events, ...late.events].map((e) => e.id);
    expect(ids.sort()).toEqual([idA, idB1, idB2].sort());
  });
});
