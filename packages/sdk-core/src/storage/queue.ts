import { openDB, unwrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { DeadLetter, QueuedEvent } from './types.js';

const QUEUE = 'queue';
const DEAD = 'dead';
const META = 'meta';
/**
 * Dead letters kept per site: beyond them the earliest dead-lettered go (a site whose every batch is refused, e.g. a
 * wrong site key, would otherwise store every event in full, for ever, and read them all again after each failure).
 */
export const MAX_DEAD_LETTERS = 100;

/**
 * The durable queue: an in-memory view of the queued events (read synchronously at `pagehide`) backed by IndexedDB.
 * Every IndexedDB call is guarded: when IndexedDB is missing, refuses to open (some private modes) or throws
 * (quota, a broken implementation), the queue goes on in memory for the rest of the page and keeps working.
 * The connection never blocks another page: it closes when one upgrades or deletes the database (see `createQueue`).
 */
export interface DurableQueue {
  /** Queued events by id, as this tab knows them. */
  readonly records: Map<string, QueuedEvent>;
  /** Resolves once the database is open (or given up for memory). */
  readonly ready: Promise<void>;
  /** Adds new events to the view and persists them; resolves once they are stored. Never rejects. */
  add(records: QueuedEvent[]): Promise<void>;
  /** Persists changed events (attempts, next attempt time). Never rejects. */
  update(records: QueuedEvent[]): Promise<void>;
  /** Forgets events the server acknowledged, or that were evicted. Never rejects. */
  remove(ids: string[]): Promise<void>;
  /**
   * Moves events to the dead-letter store (or updates letters there) and out of the queue, at once; resolves with the
   * number of this site's letters dropped to keep `MAX_DEAD_LETTERS`, the earliest dead-lettered first. Never rejects.
   */
  bury(letters: DeadLetter[]): Promise<number>;
  /**
   * Merges what other tabs queued or acknowledged into the view; with `all`, the events this tab knows are read again
   * too (another tab sent them: their attempts and next attempt time are that tab's). Never rejects.
   */
  sync(all?: boolean): Promise<void>;
  deadLetters(): Promise<DeadLetter[]>;
  /** Deletes this site's dead letters (consent withdrawn: they carry the shopper's ids). Never rejects. */
  forgetDead(): Promise<void>;
  /** A small key-value area for identity (anonymous id) mirrored from first-party storage. */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string | undefined): Promise<void>;
  /**
   * Closes the connection to the database (once the transactions already started are done: what was stored stays
   * there for the next page or instance) and does not open it again; later calls work in memory only.
   */
  close(): void;
}

/**
 * Opens the queue over IndexedDB database `name` (object stores `queue`, `dead` and `meta`), or in memory only
 * when `name` is false. Until `ready` resolves, calls wait for the database, `waitMs` at most: an open queued behind
 * another page's upgrade or deletion of the database, which a tab of an older SDK blocks, goes on in memory meanwhile.
 * When another page upgrades or deletes the database, this connection closes at once and the database is opened
 * again (memory meanwhile, and for good when it was upgraded past version 1). Whenever the database opens late or
 * again, the events this tab holds are written to it, so none is lost (a deletion would take them along).
 * `site` (the site key) is stamped on the events and dead letters this queue stores: two sites on one origin share
 * the database (same default name), and each sees only its own (and those of SDKs that stamped none).
 */
export function createQueue(name: string | false, site?: string, waitMs = 10_000): DurableQueue {
  const records = new Map<string, QueuedEvent>();
  const writing = new Set<string>();
  /** Ids in the database that belong to another site: never read again. */
  let foreign = new Set<string>();
  const mine = (r: { site?: string }) => !r.site || r.site == site;
  // memory mode: the view above holds the events; dead letters and meta live here
  const dead = new Map<string, DeadLetter>();
  const meta = new Map<string, string | undefined>();
  let db: IDBPDatabase | undefined;
  let closed = false;
  const open = () => new Promise<void>((resolve) => {
    if (!name || typeof indexedDB == 'undefined') return resolve();
    setTimeout(resolve, waitMs);
    openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore(QUEUE, { keyPath: 'id' });
        d.createObjectStore(DEAD, { keyPath: 'id' });
        d.createObjectStore(META);
      },
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
        db = undefined;
        void open();
      },
    }).then((d) => {
      // in the same task: every later transaction sees them, so no sync() forgets an event it does not find
      const store = unwrap(d).transaction(QUEUE, 'readwrite').objectStore(QUEUE);
      for (const r of records.values()) store.put(r);
      // (closed while it opened: the events are written, then the connection goes)
      if (closed) d.close();
      else db = d;
    }).catch(noop).finally(resolve);
  });
  const noop = () => undefined;
  const ready = open();

  /**
   * Runs `work` in one transaction over `stores` and answers what it resolved to once the transaction has
   * committed (`tx.done`). In memory mode, or when IndexedDB fails (the queue then switches to memory, keeping
   * the dead letters it can still read), answers `memory()` instead.
   */
  async function tx<T>(stores: string[], mode: IDBTransactionMode, work: (t: IDBPTransaction<unknown, string[], 'readwrite'>) => unknown, memory: () => T): Promise<T> {
    await ready;
    const d = db;
    if (d) {
      try {
        const t = d.transaction(stores, mode as 'readwrite');
        return (await Promise.all([work(t), t.done]))[0] as T;
      } catch {
        db = undefined;
        try {
          for (const l of await d.getAll(DEAD) as DeadLetter[]) dead.set(l.id, l);
        } catch { /* unreadable: only this page's letters are kept */ }
      }
    }
    return memory();
  }
  /**
   * The raw store of a transaction, for writes whose only outcome is the commit (`tx.done`): idb's promise per
   * request would cost a proxy and a promise per event on the main thread (the track bench: 0.108 → 0.142 ms a call).
   */
  const raw = (t: IDBPTransaction<unknown, string[], 'readwrite'>, name: string) => unwrap(t).objectStore(name);
  const put = (batch: QueuedEvent[]) => tx([QUEUE], 'readwrite', (t) => {
    const store = raw(t, QUEUE);
    for (const r of batch) store.put(r);
  }, noop);

  /** Drops this site's letters beyond `MAX_DEAD_LETTERS` with `drop`, the earliest dead-lettered first; answers how many. */
  const trim = (letters: DeadLetter[], drop: (id: string) => unknown) =>
    letters.filter(mine).sort((a, b) => a.at - b.at).slice(0, -MAX_DEAD_LETTERS).map((l) => drop(l.id)).length;
  const deadLetters = async () => (await tx([DEAD], 'readonly', (t) => t.objectStore(DEAD).getAll() as Promise<DeadLetter[]>, () => [...dead.values()])).filter(mine);

  return {
    records,
    ready,
    deadLetters,
    async forgetDead() {
      const ids = (await deadLetters()).map((l) => l.id);
      for (const id of ids) dead.delete(id);
      await tx([DEAD], 'readwrite', (t) => { for (const id of ids) raw(t, DEAD).delete(id); }, noop);
    },
    async add(batch) {
      for (const r of batch) { writing.add(r.id); records.set(r.id, r); if (site) r.site = site; }
      await put(batch);
      for (const r of batch) writing.delete(r.id);
    },
    update: (batch) => put(batch.filter((r) => records.has(r.id))),
    async remove(ids) {
      for (const id of ids) records.delete(id);
      if (!ids.length) return;
      const sorted = [...ids].sort();
      await tx([QUEUE], 'readwrite', async (t) => {
        const store = t.objectStore(QUEUE);
        const range = IDBKeyRange.bound(sorted[0], sorted[sorted.length - 1]);
        // acknowledged batches are usually a run of consecutive ids (UUIDv7 sort by time): one range delete,
        // but only when the range holds exactly these ids (never another tab's events)
        const found = await store.getAllKeys(range);
        const plain = raw(t, QUEUE);
        if (found.length === sorted.length && found.every((k, i) => k === sorted[i])) plain.delete(range);
        else for (const id of ids) plain.delete(id);
      }, noop);
    },
    bury(letters) {
      for (const l of letters) records.delete(l.id);
      return tx([QUEUE, DEAD], 'readwrite', async (t) => {
        const [deadStore, queueStore] = [raw(t, DEAD), raw(t, QUEUE)];
        for (const l of letters) {
          deadStore.put(site ? { ...l, site } : l);
          queueStore.delete(l.id);
        }
        return trim(await t.objectStore(DEAD).getAll(), (id) => deadStore.delete(id));
      }, () => {
        for (const l of letters) dead.set(l.id, l);
        return trim([...dead.values()], (id) => dead.delete(id));
      });
    },
    async sync(all) {
      // keys only: the values of events this tab already knows are read back only when another tab sent them
      const stored = await tx<string[] | null>([QUEUE], 'readonly', (t) => t.objectStore(QUEUE).getAllKeys() as Promise<string[]>, () => null);
      if (!stored) return;
      const ids = new Set(stored);
      foreign = new Set(stored.filter((id) => foreign.has(id)));
      const unknown = stored.filter((id) => (all || !records.has(id)) && !foreign.has(id));
      if (unknown.length) {
        const found = await tx<Array<QueuedEvent | undefined>>([QUEUE], 'readonly', (t) => Promise.all(unknown.map((id) => t.objectStore(QUEUE).get(id) as Promise<QueuedEvent | undefined>)), () => []);
        for (const r of found) if (r) (mine(r) ? records.set(r.id, r) : foreign.add(r.id));
      }
      for (const id of records.keys()) if (!ids.has(id) && !writing.has(id)) records.delete(id);
    },
    close() {
      closed = true;
      db?.close();
      db = undefined;
    },
    getMeta: (key) => tx([META], 'readonly', (t) => t.objectStore(META).get(key), () => meta.get(key)),
    setMeta: (key, value) => tx([META], 'readwrite', (t) => (value === undefined ? t.objectStore(META).delete(key) : t.objectStore(META).put(value, key)),
      () => { meta.set(key, value); }),
  };
}
