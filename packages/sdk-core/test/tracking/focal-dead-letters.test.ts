import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import type { Focal, FocalOptions } from '../../src/focal.js';
import { ENDPOINT, until } from './fake-adapter.js';
import { focalHarness } from './focal-harness.js';

const harness = focalHarness('focal-dead', { flushInterval: 60_000, retry: { baseMs: 20 } });
const { adapter, newDb: db } = harness;
const make = (storage: string | false, extra: Partial<FocalOptions> = {}): Focal => harness.make({ storage, ...extra });
const forbidden = () => HttpResponse.json({ error: { code: 'forbidden', message: 'origin not allowed' } }, { status: 403 });
/** Tracks one product view and sends it now; returns the `deadLettered` of each request that carried it. */
async function send(focal: Focal, productId: string): Promise<Array<number | undefined>> {
  const id = await focal.track('product_view', { productId });
  await focal.flush();
  return adapter.requests.filter((r) => r.ids.includes(id!)).map((r) => r.body.deadLettered);
}

describe('dead-letter reporting (EventBatch.deadLettered)', () => {
  it('counts the dead letters in the next batch the adapter answers, once; a refused batch does not use the count up', async () => {
    const focal = make(db());
    adapter.fail(forbidden, forbidden);
    expect(await send(focal, 'lost-1')).toEqual([undefined]);
    expect(await send(focal, 'lost-2')).toEqual([1]); // refused too: lost-1 is still to be reported
    expect(await send(focal, 'ok-1')).toEqual([2]);
    expect(await send(focal, 'ok-2')).toEqual([undefined]);
    expect((await focal.deadLetters()).map((l) => l.reported)).toEqual([true, true]);
    expect(focal.stats.value.deadLettered).toBe(2);
  });

  it('keeps the count when the batch carrying it fails, and sends it again with the retry', async () => {
    const focal = make(db());
    adapter.fail(forbidden);
    await send(focal, 'lost');
    adapter.fail(() => new HttpResponse(null, { status: 500 }), () => 'network');
    const id = await focal.track('product_view', { productId: 'retried' });
    await focal.flush();
    await until(() => adapter.stored.has(id!), 4000, 'delivery after two failed attempts');
    expect(adapter.requests.filter((r) => r.ids.includes(id!)).map((r) => r.body.deadLettered)).toEqual([1, 1, 1]);
    expect(await send(focal, 'after')).toEqual([undefined]);
  });

  it('counts a dead letter once across reloads: reported by the next page when this one could not, never again after', async () => {
    const storage = db();
    const first = make(storage);
    adapter.fail(forbidden);
    await send(first, 'lost');
    first.destroy();
    const second = make(storage);
    expect(await send(second, 'next-page')).toEqual([1]);
    second.destroy();
    const third = make(storage);
    expect(await send(third, 'third-page')).toEqual([undefined]);
  });
});

describe('the dead-letter store of a site whose every batch is refused (a wrong site key: 403)', () => {
  afterEach(() => adapter.server.resetHandlers());
  /** Tracks `n` product views and sends them now: the adapter refuses every batch, so they are dead-lettered. */
  async function refused(focal: Focal, n: number): Promise<string[]> {
    adapter.server.use(http.post(`${ENDPOINT}/v1/events`, forbidden));
    const ids = await Promise.all(Array.from({ length: n }, (_, i) => focal.track('product_view', { productId: `P${i}` })));
    await focal.flush();
    return ids as string[];
  }

  it.each([['IndexedDB', () => db()], ['memory', () => false as const]])('keeps the last 100 in %s, drops the earliest first and counts them as dropped', async (_, storage) => {
    const focal = make(storage());
    const first = await refused(focal, 30);
    const later = await refused(focal, 100);
    const letters = await focal.deadLetters();
    expect(letters.map((l) => l.id).sort()).toEqual([...later].sort());
    expect(letters.every((l) => /HTTP 403/.test(l.reason))).toBe(true);
    expect(focal.stats.value).toMatchObject({ deadLettered: 100, dropped: 30, queued: 0 });
    expect(first.some((id) => letters.some((l) => l.id == id))).toBe(false);
  });

  it('keeps them capped across pages: the next page counts the 100 kept', async () => {
    const storage = db();
    await refused(make(storage), 120);
    const next = make(storage);
    await next.flush();
    expect(next.stats.value.deadLettered).toBe(100);
    expect(await next.deadLetters()).toHaveLength(100);
  });
});
