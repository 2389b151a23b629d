import { uuidv7 } from './uuidv7.js';
import type { Kv } from './kv.js';
import { parseSession, touchSession } from './session.js';

const AID = 'focal.aid';
const UID = 'focal.uid';
const SID = 'focal.sid';

/** A random id: `crypto.randomUUID()` where available, else a UUIDv7. */
export function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? uuidv7();
}

/** Who the shopper is: see `createIdentity`. */
export interface Identity {
  readonly anonymousId: string;
  readonly userId: string | undefined;
  /** The current session id, without extending it. */
  readonly sessionId: string;
  /** The session id for an event at `now`, extending or renewing the session. Saved by `flush()`. */
  touch(now: number): string;
  /** Adopts an anonymous id restored from IndexedDB when first-party storage had lost it. */
  restore(anonymousId: string | undefined): void;
  setUser(userId: string | undefined): void;
  /** Forgets every id: a new anonymous id, no user, a new session. */
  reset(): void;
  /** Writes pending session changes (once per batch of events, not per event). */
  flush(): void;
  /** Writes the ids (e.g. once consent is granted). */
  save(): void;
}

/**
 * Who the shopper is: a random anonymous id persisted first-party, the retailer's user id after `identify`,
 * and the current session. Nothing is written while `persist()` is false (before consent).
 */
export function createIdentity(kv: Kv, idleMs: number, maxMs: number, persist: () => boolean): Identity {
  const stored = kv.get(AID);
  let anonymousId = stored ?? randomId();
  let userId = kv.get(UID) ?? undefined;
  let session = parseSession(kv.get(SID));
  let dirty = false;
  const write = (key: string, value: string | null) => { if (persist()) kv.set(key, value); };
  const self: Identity = {
    get anonymousId() { return anonymousId; },
    get userId() { return userId; },
    get sessionId() { return (session ??= touchSession(null, Date.now(), idleMs, maxMs, randomId)).id; },
    touch(now) {
      session = touchSession(session, now, idleMs, maxMs, randomId);
      dirty = true;
      return session.id;
    },
    restore(id) {
      if (id && id !== anonymousId && stored === null) {
        anonymousId = id;
        self.save();
      }
    },
    setUser(id) {
      userId = id;
      self.save();
    },
    reset() {
      anonymousId = randomId();
      userId = undefined;
      session = null;
      write(SID, null);
      self.save();
    },
    flush() {
      if (dirty && session) write(SID, JSON.stringify(session));
      dirty = false;
    },
    save() {
      write(AID, anonymousId);
      write(UID, userId ?? null);
      dirty = true;
      self.flush();
    },
  };
  self.save();
  return self;
}
