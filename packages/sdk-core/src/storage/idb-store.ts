import { openDB, unwrap, type IDBPDatabase } from 'idb';
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
    // Writes use the raw stores (no promise and listeners per request: only the transaction is awaited).
    async put(records: QueuedEvent[]) {
      const tx = db.transaction(QUEUE, 'readwrite');
      const store = unwrap(tx.store);
      for (const r of records) store.put(r);
      await tx.done;
    },
    all: () => db.getAll(QUEUE) as Promise<QueuedEvent[]>,
    ids: () => db.getAllKeys(QUEUE) as Promise<string[]>,
    async get(ids: string[]) {
      const tx = db.transaction(QUEUE);
      const found = await Promise.all(ids.map((id) => tx.store.get(id) as Promise<QueuedEvent | undefined>));
      return found.filter((r): r is QueuedEvent => !!r);
    },
    async remove(ids: string[]) {
      if (!ids.length) return;
      const tx = db.transaction(QUEUE, 'readwrite');
      const store = unwrap(tx.store);
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
      await tx.done;
    },
    async bury(letters: DeadLetter[]) {
      const tx = db.transaction([QUEUE, DEAD], 'readwrite');
      const dead = unwrap(tx.objectStore(DEAD));
      const queue = unwrap(tx.objectStore(QUEUE));
      for (const l of letters) {
        dead.put(l);
        queue.delete(l.id);
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
