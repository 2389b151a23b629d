import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openIdbStore } from '../../src/storage/idb-store.js';
import type { QueuedEvent } from '../../src/storage/types.js';

const record = (id: string): QueuedEvent => ({ id, type: 'page_view', json: '{}', bytes: 2, createdMs: 0, attempts: 0, nextAt: 0 });

describe('IndexedDB store', () => {
  it('deletes acknowledged ids only, even when another tab queued an id between them', async () => {
    const store = await openIdbStore(`idb-store-${Date.now()}`);
    await store.put(['01', '02', '03', '04', '05'].map(record));
    await store.remove(['01', '03']); // '02' belongs to another tab: must survive
    expect((await store.ids()).sort()).toEqual(['02', '04', '05']);
    await store.remove(['04', '05', '02']); // a run of consecutive ids: one range delete
    expect(await store.ids()).toEqual([]);
  });

  it('moves dead letters out of the queue in one go, with the reason', async () => {
    const store = await openIdbStore(`idb-store-dead-${Date.now()}`);
    await store.put([record('a'), record('b')]);
    await store.bury([{ id: 'a', event: {} as never, reason: 'HTTP 403', at: 1 }]);
    expect(await store.ids()).toEqual(['b']);
    expect((await store.deadLetters()).map((l) => [l.id, l.reason])).toEqual([['a', 'HTTP 403']]);
  });
});
