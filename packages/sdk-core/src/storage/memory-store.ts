import type { DeadLetter, EventStore } from './types.js';

/**
 * The store of a queue that lives as long as the page (IndexedDB missing or throwing, or `storage: false`): the
 * queue's own in-memory view holds the events, so writes of events are no-ops here and there is nothing to sync;
 * dead letters and the meta area are kept in memory.
 */
export function memoryStore(): EventStore {
  const dead = new Map<string, DeadLetter>();
  const meta = new Map<string, string | undefined>();
  const none = async () => [];
  return {
    kind: 'memory',
    put: async () => undefined,
    remove: async () => undefined,
    ids: none,
    get: none,
    async bury(letters) { for (const l of letters) dead.set(l.id, l); },
    deadLetters: async () => [...dead.values()],
    getMeta: async (key) => meta.get(key),
    async setMeta(key, value) { meta.set(key, value); },
  };
}
