import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import type { Focal, FocalOptions } from '../../src/focal.js';
import { until } from './fake-adapter.js';
import { focalHarness } from './focal-harness.js';

const harness = focalHarness('focal-dead', { flushInterval: 60_000, retry: { baseMs: 20 } });
const { adapter, newDb: db } = harness;
const make = (storage: string, extra: Partial<FocalOptions> = {}): Focal => harness.make({ storage, ...extra });
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
