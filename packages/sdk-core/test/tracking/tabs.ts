/**
 * Browser tabs of one store in a unit test: one `localStorage` area they all share, each tab with its own view of it
 * and its own `storage` listeners. A write through one tab's view fires a `StorageEvent` (key, oldValue, newValue) in
 * every other tab, in a later task and never in the writing tab, as browsers do. `open(create)` stubs the globals the
 * SDK reads when it is created (`localStorage`, `addEventListener`) for that tab, then creates it.
 * Call `vi.unstubAllGlobals()` after each test.
 */
import { vi } from 'vitest';

type Listener = (event: Pick<StorageEvent, 'key' | 'oldValue' | 'newValue'>) => void;

export function sharedStorage() {
  const data = new Map<string, string>();
  const tabs: Array<Set<Listener>> = [];
  return {
    /** What the tabs have stored, as an object. */
    snapshot: () => Object.fromEntries(data),
    /** Stored values, written directly (as an earlier page load or an older SDK left them). */
    seed: (values: Record<string, string>) => { for (const [k, v] of Object.entries(values)) data.set(k, v); },
    /** The number of `storage` listeners of each tab opened so far. */
    listenerCounts: () => tabs.map((t) => t.size),
    open<T>(create: () => T): T {
      const listeners = new Set<Listener>();
      tabs.push(listeners);
      const changed = (key: string, oldValue: string | null, newValue: string | null) => {
        for (const other of tabs) {
          if (other !== listeners) for (const l of other) setTimeout(() => { if (other.has(l)) l({ key, oldValue, newValue }); });
        }
      };
      const view: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = {
        getItem: (key) => data.get(key) ?? null,
        setItem(key, value) {
          const old = data.get(key) ?? null;
          if (old === String(value)) return;
          data.set(key, String(value));
          changed(key, old, String(value));
        },
        removeItem(key) {
          const old = data.get(key);
          if (old === undefined) return;
          data.delete(key);
          changed(key, old, null);
        },
      };
      vi.stubGlobal('localStorage', view);
      vi.stubGlobal('addEventListener', (type: string, l: Listener) => { if (type === 'storage') listeners.add(l); });
      // removal finds the listener in whichever tab added it (the globals are this tab's only while it is created)
      vi.stubGlobal('removeEventListener', (type: string, l: Listener) => { if (type === 'storage') for (const t of tabs) t.delete(l); });
      return create();
    },
  };
}

/** A LockManager with one exclusive lock per name, `ifAvailable` and `steal`, like the Web Locks API. */
export function fakeLocks() {
  const held = new Map<string, { reject: (e: Error) => void }>();
  return {
    held,
    request(name: string, options: LockOptions, callback: (lock: Lock | null) => Promise<unknown>): Promise<unknown> {
      if (held.has(name) && options.ifAvailable) return callback(null);
      if (held.has(name) && options.steal) {
        held.get(name)!.reject(new DOMException('stolen', 'AbortError'));
        held.delete(name);
      }
      return new Promise((resolve, reject) => {
        held.set(name, { reject });
        callback({ name, mode: 'exclusive' } as Lock).then((v) => { held.delete(name); resolve(v); }, reject);
      });
    },
  } as unknown as LockManager & { held: Map<string, unknown> };
}
