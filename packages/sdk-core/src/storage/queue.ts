import type { DeadLetter, EventStore, QueuedEvent } from './types.js';
import { memoryStore } from './memory-store.js';

/**
 * The durable queue: an in-memory view of the queued events (read synchronously at `pagehide`) backed by an
 * `EventStore`. Every store call is guarded: the first time IndexedDB throws (quota, private mode, a broken
 * implementation) the queue switches to memory for the rest of the page and keeps working.
 */
export interface DurableQueue {
  /** Queued events by id, as this tab knows them. */
  readonly records: Map<string, QueuedEvent>;
  /** Resolves once the store is open (or given up for memory). */
  readonly ready: Promise<void>;
  /** Adds new events to the view and persists them; resolves once they are stored. Never rejects. */
  add(records: QueuedEvent[]): Promise<void>;
  /** Persists changed events (attempts, next attempt time). Never rejects. */
  update(records: QueuedEvent[]): Promise<void>;
  /** Forgets events the server acknowledged, or that were evicted. Never rejects. */
  remove(ids: string[]): Promise<void>;
  /** Moves events to the dead-letter store, or updates letters there. Never rejects. */
  bury(letters: DeadLetter[]): Promise<void>;
  /** Merges what other tabs queued or acknowledged into the view. Never rejects. */
  sync(): Promise<void>;
  deadLetters(): Promise<DeadLetter[]>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string | undefined): Promise<void>;
}

/**
 * Creates the queue over `open()` (usually `openIdbStore`). Until `ready` resolves, calls wait for the store.
 * When the store cannot open, or a call throws, the queue keeps the dead letters it can read and goes on in memory.
 */
export function createQueue(open: () => Promise<EventStore>): DurableQueue {
  const records = new Map<string, QueuedEvent>();
  const writing = new Set<string>();
  let store = memoryStore();
  const ready = open().then((s) => { store = s; }, () => undefined);

  async function guarded<T>(use: (s: EventStore) => Promise<T>, otherwise: T): Promise<T> {
    await ready;
    try {
      return await use(store);
    } catch {
      if (store.kind === 'memory') return otherwise;
      const dead = await store.deadLetters().catch(() => []);
      store = memoryStore();
      await store.bury(dead);
      return use(store).catch(() => otherwise);
    }
  }

  return {
    records,
    ready,
    async add(batch) {
      for (const r of batch) { writing.add(r.id); records.set(r.id, r); }
      await guarded((s) => s.put(batch), undefined);
      for (const r of batch) writing.delete(r.id);
    },
    update: (batch) => guarded((s) => s.put(batch.filter((r) => records.has(r.id))), undefined),
    async remove(ids) {
      for (const id of ids) records.delete(id);
      await guarded((s) => s.remove(ids), undefined);
    },
    async bury(letters) {
      for (const l of letters) records.delete(l.id);
      await guarded((s) => s.bury(letters), undefined);
    },
    async sync() {
      // keys only: the values of events this tab already knows are never read back (a memory store has none)
      const stored = await guarded((s) => s.ids(), null);
      if (!stored || store.kind === 'memory') return;
      const ids = new Set(stored);
      const unknown = stored.filter((id) => !records.has(id));
      if (unknown.length) for (const r of await guarded((s) => s.get(unknown), [] as QueuedEvent[])) records.set(r.id, r);
      for (const id of records.keys()) if (!ids.has(id) && !writing.has(id)) records.delete(id);
    },
    deadLetters: () => guarded((s) => s.deadLetters(), []),
    getMeta: (key) => guarded((s) => s.getMeta(key), undefined),
    setMeta: (key, value) => guarded((s) => s.setMeta(key, value), undefined),
  };
}
