import { openDB, type IDBPDatabase } from 'idb';
import type { DeadLetter, EventStore, QueuedEvent } from './types.js';

const QUEUE = 'queue';
const DEAD = 'dead';
const META = 'meta';

/**
 * Opens the IndexedDB-backed `EventStore` (database `name`, three object stores: `queue`, `dead`, `meta`).
 * Rejects when IndexedDB is missing or refuses to open (some private modes); the caller falls back to memory.
 */
export async function openIdbStore(name: string): Promise<EventStore> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
  const db: IDBPDatabase = await openDB(name, 1, {
    upgrade(database) {
      database.createObjectStore(QUEUE, { keyPath: 'id' });
      database.createObjectStore(DEAD, { keyPath: 'id' });
      database.createObjectStore(META);
    },
  });
  return {
    kind: 'indexeddb',
    async put(records: QueuedEvent[]) {
      const tx = db.transaction(QUEUE, 'readwrite');
      for (const r of records) void tx.store.put(r);
      await tx.done;
    },
    all: () => db.getAll(QUEUE) as Promise<QueuedEvent[]>,
    async remove(ids: string[]) {
      const tx = db.transaction(QUEUE, 'readwrite');
      for (const id of ids) void tx.store.delete(id);
      await tx.done;
    },
    async bury(letters: DeadLetter[]) {
      const tx = db.transaction([QUEUE, DEAD], 'readwrite');
      for (const l of letters) {
        void tx.objectStore(DEAD).put(l);
        void tx.objectStore(QUEUE).delete(l.id);
      }
      await tx.done;
    },
    deadLetters: () => db.getAll(DEAD) as Promise<DeadLetter[]>,
    getMeta: (key: string) => db.get(META, key) as Promise<string | undefined>,
    async setMeta(key: string, value: string | undefined) {
      if (value === undefined) await db.delete(META, key);
      else await db.put(META, value, key);
    },
  };
}
