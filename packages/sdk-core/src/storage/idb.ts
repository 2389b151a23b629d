/**
 * The few IndexedDB promises the SDK needs (instead of the `idb` package, 1.3 kB gzip in the script-tag bundle).
 */

/** Resolves with a request's result, rejects with its error. */
export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Resolves when the transaction commits; rejects when it fails or aborts. */
export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new DOMException('IndexedDB transaction aborted', 'AbortError'));
  });
}

/** Opens version 1 of database `name`, creating its object stores with `upgrade` the first time. */
export function openDb(name: string, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  const r = indexedDB.open(name, 1);
  r.onupgradeneeded = () => upgrade(r.result);
  return request(r);
}

/** One object store in a new transaction of its own. */
export const objectStore = (db: IDBDatabase, name: string, mode: IDBTransactionMode = 'readonly'): IDBObjectStore =>
  db.transaction(name, mode).objectStore(name);
