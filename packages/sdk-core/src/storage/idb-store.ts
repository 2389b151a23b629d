import { done, objectStore, openDb, request } from './idb.js';
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
  const db = await openDb(name, (database) => {
    database.createObjectStore(QUEUE, { keyPath: 'id' });
    database.createObjectStore(DEAD, { keyPath: 'id' });
    database.createObjectStore(META);
  });
  return {
    kind: 'indexeddb',
    // Writes only await the transaction (no promise and listeners per request).
    async put(records: QueuedEvent[]) {
      const store = objectStore(db, QUEUE, 'readwrite');
      for (const r of records) store.put(r);
      await done(store.transaction);
    },
    ids: () => request(objectStore(db, QUEUE).getAllKeys()) as Promise<string[]>,
    async get(ids: string[]) {
      const store = objectStore(db, QUEUE);
      const found = await Promise.all(ids.map((id) => request(store.get(id)) as Promise<QueuedEvent | undefined>));
      return found.filter((r): r is QueuedEvent => !!r);
    },
    async remove(ids: string[]) {
      if (!ids.length) return;
      const store = objectStore(db, QUEUE, 'readwrite');
      const sorted = [...ids].sort();
      const range = IDBKeyRange.bound(sorted[0], sorted[sorted.length - 1]);
      // acknowledged batches are usually a run of consecutive ids (UUIDv7 sort by time): one range delete,
      // but only when the range holds exactly these ids (never another tab's events)
      const keys = store.getAllKeys(range);
      keys.onsuccess = () => {
        const found = keys.result as string[];
        if (found.length === sorted.length && found.every((k, i) => k === sorted[i])) store.delete(range);
        else for (const id of ids) store.delete(id);
      };
      await done(store.transaction);
    },
    async bury(letters: DeadLetter[]) {
      const tx = db.transaction([QUEUE, DEAD], 'readwrite');
      const dead = tx.objectStore(DEAD);
      const queue = tx.objectStore(QUEUE);
      for (const l of letters) {
        dead.put(l);
        queue.delete(l.id);
      }
      await done(tx);
    },
    deadLetters: () => request(objectStore(db, DEAD).getAll()) as Promise<DeadLetter[]>,
    getMeta: (key: string) => request(objectStore(db, META).get(key)) as Promise<string | undefined>,
    async setMeta(key: string, value: string | undefined) {
      const store = objectStore(db, META, 'readwrite');
      if (value === undefined) store.delete(key);
      else store.put(value, key);
      await done(store.transaction);
    },
  };
}
