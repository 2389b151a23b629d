/**
 * The IndexedDB calls of the recommendation cache (packages/sdk-core/src/recommend/cache.ts), on top of the `idb`
 * package. A bridge for that file only: new code uses `openDB` and its promise API directly (as storage/queue.ts
 * does), and cache.ts can do the same, after which this module goes.
 */
import { openDB, unwrap, wrap } from 'idb';

/** Resolves with a request's result, rejects with its error. */
export const request = <T>(r: IDBRequest<T>): Promise<T> => wrap(r) as Promise<T>;

/** Resolves when the transaction commits; rejects when it fails or aborts. */
export const done = (tx: IDBTransaction): Promise<void> => wrap(tx).done;

/** Opens version 1 of database `name`, creating its object stores with `upgrade` the first time. */
export const openDb = (name: string, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> =>
  openDB(name, 1, { upgrade: (db) => upgrade(unwrap(db)) }).then((db) => unwrap(db));

/** One object store in a new transaction of its own. */
export const objectStore = (db: IDBDatabase, name: string, mode: IDBTransactionMode = 'readonly'): IDBObjectStore =>
  db.transaction(name, mode).objectStore(name);
