import type { DeadLetter, EventStore, QueuedEvent } from './types.js';

/** An `EventStore` that lives as long as the page: used when IndexedDB is missing or throws, and in tests. */
export function memoryStore(): EventStore {
  const queue = new Map<string, QueuedEvent>();
  const dead = new Map<string, DeadLetter>();
  const meta = new Map<string, string>();
  return {
    kind: 'memory',
    async put(records) { for (const r of records) queue.set(r.id, r); },
    async all() { return [...queue.values()]; },
    async ids() { return [...queue.keys()]; },
    async get(ids) { return ids.map((id) => queue.get(id)).filter((r): r is QueuedEvent => !!r); },
    async remove(ids) { for (const id of ids) queue.delete(id); },
    async bury(letters) {
      for (const l of letters) { dead.set(l.id, l); queue.delete(l.id); }
    },
    async deadLetters() { return [...dead.values()]; },
    async getMeta(key) { return meta.get(key); },
    async setMeta(key, value) { if (value === undefined) meta.delete(key); else meta.set(key, value); },
  };
}
