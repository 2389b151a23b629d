import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createQueue } from '../../src/storage/queue.js';
import type { QueuedEvent } from '../../src/storage/types.js';

const record = (id: string): QueuedEvent => ({ id, type: 'page_view', json: '{}', bytes: 2, createdMs: 0, attempts: 0, nextAt: 0 });
/** What another tab sees in the database (its view after a sync). */
async function seen(name: string): Promise<string[]> {
  const other = createQueue(name);
  await other.sync();
  return [...other.records.keys()].sort();
}

describe('the durable queue in IndexedDB', () => {
  it('deletes acknowledged ids only, even when another tab queued an id between them', async () => {
    const name = `queue-${Date.now()}`;
    const tab = createQueue(name);
    const otherTab = createQueue(name);
    await tab.add(['01', '03', '04', '05'].map(record));
    await otherTab.add([record('02')]);
    await tab.remove(['01', '03']); // '02' belongs to the other tab: must survive
    expect(await seen(name)).toEqual(['02', '04', '05']);
    await tab.remove(['04', '05', '02']); // a run of consecutive ids: one range delete
    expect(await seen(name)).toEqual([]);
  });

  it('moves dead letters out of the queue in one go, with the reason, and marks them reported in place', async () => {
    const name = `queue-dead-${Date.now()}`;
    const queue = createQueue(name);
    await queue.add([record('a'), record('b')]);
    await queue.bury([{ id: 'a', event: {} as never, reason: 'HTTP 403', at: 1 }]);
    expect(await seen(name)).toEqual(['b']);
    expect((await createQueue(name).deadLetters()).map((l) => [l.id, l.reason, l.reported])).toEqual([['a', 'HTTP 403', undefined]]);
    await queue.bury([{ id: 'a', event: {} as never, reason: 'HTTP 403', at: 1, reported: true }]);
    expect((await createQueue(name).deadLetters()).map((l) => [l.id, l.reported])).toEqual([['a', true]]);
  });

  it('keeps the last 100 dead letters of each site, dropping the earliest dead-lettered first', async () => {
    const name = `queue-dead-cap-${Date.now()}`;
    const [shop, other] = [createQueue(name, 'pk_shop'), createQueue(name, 'pk_other')];
    const letter = (id: string, at: number) => ({ id, event: {} as never, reason: 'HTTP 403', at });
    expect(await other.bury([letter('o', 1)])).toBe(0);
    expect(await shop.bury(Array.from({ length: 100 }, (_, i) => letter(`s${100 + i}`, 10 + i)))).toBe(0);
    // its event is the oldest (retried for hours), but it was dead-lettered last: it stays, s100 goes
    expect(await shop.bury([letter('s000', 500)])).toBe(1);
    const kept = (await createQueue(name, 'pk_shop').deadLetters()).map((l) => l.id);
    expect(kept).toHaveLength(100);
    expect(kept).toContain('s000');
    expect(kept).not.toContain('s100');
    expect((await other.deadLetters()).map((l) => l.id)).toEqual(['o']); // another site's letters are not this site's to drop
  });

  it('keeps the anonymous id mirror, and works in memory without a database name', async () => {
    const name = `queue-meta-${Date.now()}`;
    await createQueue(name).setMeta('aid', 'anon-1');
    expect(await createQueue(name).getMeta('aid')).toBe('anon-1');
    const memory = createQueue(false);
    await memory.add([record('m')]);
    await memory.bury([{ id: 'm', event: {} as never, reason: 'gone', at: 1 }]);
    await memory.setMeta('aid', 'anon-2');
    expect([...memory.records.keys()]).toEqual([]);
    expect((await memory.deadLetters()).map((l) => l.id)).toEqual(['m']);
    expect(await memory.getMeta('aid')).toBe('anon-2');
  });
});
