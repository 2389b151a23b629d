import { uuidv7 } from './uuidv7.js';
import type { Kv } from './kv.js';
import { parseSession, touchSession, type Session } from './session.js';

const AID = 'focal.aid';
const UID = 'focal.uid';
const SID = 'focal.sid';

/** A random id: `crypto.randomUUID()` where available, else a UUIDv7. */
export function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? uuidv7();
}

/**
 * Who the shopper is: a random anonymous id persisted first-party, the retailer's user id after `identify`,
 * and the current session. Nothing is written while `persist` is off (before consent).
 */
export class Identity {
  anonymousId: string;
  userId: string | undefined;
  private session: Session | null;
  private dirty = false;
  private fromStorage: boolean;

  constructor(private kv: Kv, private idleMs: number, private maxMs: number, public persist: boolean) {
    const stored = kv.get(AID);
    this.fromStorage = stored !== null;
    this.anonymousId = stored ?? randomId();
    this.userId = kv.get(UID) ?? undefined;
    this.session = parseSession(kv.get(SID));
    if (persist) this.save();
  }

  /** The current session id, without extending it. */
  get sessionId(): string {
    return (this.session ??= touchSession(null, Date.now(), this.idleMs, this.maxMs, randomId)).id;
  }

  /** The session id for an event at `now`, extending or renewing the session. Saved by `flush()`. */
  touch(now: number): string {
    this.session = touchSession(this.session, now, this.idleMs, this.maxMs, randomId);
    this.dirty = true;
    return this.session.id;
  }

  /** Adopts an anonymous id restored from IndexedDB when first-party storage had lost it. */
  restore(anonymousId: string | undefined): void {
    if (anonymousId && anonymousId !== this.anonymousId && !this.fromStorage) {
      this.anonymousId = anonymousId;
      this.save();
    }
  }

  setUser(userId: string | undefined): void {
    this.userId = userId;
    this.save();
  }

  /** Forgets every id: a new anonymous id, no user, a new session. */
  reset(): void {
    this.anonymousId = randomId();
    this.userId = undefined;
    this.session = null;
    if (this.persist) {
      this.kv.set(UID, null);
      this.kv.set(SID, null);
    }
    this.save();
  }

  /** Writes pending session changes (once per batch of events, not per event). */
  flush(): void {
    if (this.dirty && this.persist && this.session) this.kv.set(SID, JSON.stringify(this.session));
    this.dirty = false;
  }

  save(): void {
    if (!this.persist) return;
    this.kv.set(AID, this.anonymousId);
    this.kv.set(UID, this.userId ?? null);
    this.dirty = true;
    this.flush();
  }
}
