import type { ConsentState, EventType, FocalEvent, PageContext } from '../contracts/events.js';
import { byteLength, MAX_EVENT_BYTES } from '../contracts/limits.js';
import { SENT_AT_BYTES } from './batch.js';
import { checkConsent, CONSENT_KEY, initialConsent, storeConsent } from '../consent/consent.js';
import type { Kv } from '../identity/kv.js';
import { randomId, uuidv7 } from '../identity/uuidv7.js';
import { parseSession, touchSession } from '../identity/session.js';
import { createQueue, type DurableQueue } from '../storage/queue.js';
import { cacheConsent } from '../recommend/cache.js';
import type { QueuedEvent } from '../storage/types.js';
import type { Focal } from '../focal.js';
import { checkEvent } from './check-event.js';
import { validateEvent } from '../contracts/validate.js';
import { createDispatcher, type Dispatcher } from './dispatcher.js';
import { FocalValidationError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { pickEvictions } from './priority.js';
import { signal } from '@preact/signals-core';
import type { TrackingStats } from './stats.js';
import { DEV, DEV_HINT, SCRIPT_TAG } from './build.js';

/** First-party storage keys of the anonymous id, the user id and the session, shared by the store's tabs. */
const AID = 'focal.aid';
const UID = 'focal.uid';
const SID = 'focal.sid';
const IDS = [AID, UID, SID];

type Resolve = (id: string | null) => void;
interface Call { resolve: Resolve; reject: (e: Error) => void; at: number; page: PageContext | undefined }
type Track = { k: 'track'; type: EventType; props: unknown } & Call;
type Op =
  | Track
  | ({ k: 'identify'; userId: string; traits: unknown; token: string | undefined } & Call)
  | { k: 'reset' }
  | { k: 'consent'; state: ConsentState }
  | { k: 'ids' };

/** An event ready to be stored: its queue record, the event, and the call to resolve once stored. */
type Built = Array<[QueuedEvent, FocalEvent, Resolve]>;

/** What `identify` accepts as a user token: a JWT (or any token) that fits an HTTP header. */
const TOKEN = /^[!-~]{1,8192}$/;
/** A user id the contract accepts (`OpaqueId`): 1–128 characters, no control character. */
const USER_ID = /^[^\0-\x1f\x7f]{1,128}$/;

/**
 * What a call passed, copied at the call, nested arrays and objects too: the call is handled later (in a microtask,
 * or once the database has opened or the previous calls are stored), and a page that changes its cart right after
 * `track('purchase', { lineItems: cart })` must not change the event. What `structuredClone` cannot copy (a function
 * in it, an old browser) is copied one level deep, as before.
 */
function copy(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value && typeof value == 'object' && !Array.isArray(value) ? { ...value } : value;
  }
}

type Hear = (event: Pick<StorageEvent, 'key' | 'newValue'>) => void;
/**
 * The trackers of this page (ESM: `createFocal` called for two site keys of one origin). The ids and the consent
 * choice are the origin's, shared through first-party storage; another tab hears a change by the `storage` event,
 * which never fires in the page that wrote it, so a tracker tells the others of its page itself. (The script tag makes
 * one tracker per page.)
 */
const peers = new Set<Hear>();

/** Where the shopper is, read at `track()` time. Undefined outside a browser. */
function pageContext(): PageContext | undefined {
  if (typeof location == 'undefined') return;
  const page: PageContext = { url: location.href.slice(0, 2048) };
  const referrer = typeof document != 'undefined' && document.referrer;
  if (referrer) page.referrer = referrer.slice(0, 2048);
  return page;
}

/**
 * The tracking pipeline behind `createFocal`. Calls become ops, handled in order in a microtask (so `track()`
 * itself costs next to nothing): consent gate, identity and session, envelope, validation, caps, then the
 * durable queue; each call's promise resolves once its event is stored.
 */
export function createTracker(opts: ResolvedOptions, kv: Kv, gpc: unknown): Focal {
  /** This tracker's `storage` listener, once it listens. */
  let self: Hear | undefined;
  if (!SCRIPT_TAG) {
    const shared = kv;
    kv = {
      get: shared.get,
      set(key, newValue) {
        const changed = shared.get(key) !== newValue;
        shared.set(key, newValue); // (also unchanged: a cookie's expiry is renewed)
        if (changed) for (const peer of peers) if (peer != self) setTimeout(() => peer({ key, newValue })); // later, as a storage event
      },
    };
  }
  let consent = initialConsent(kv, opts.requireConsent, opts.honorGlobalPrivacyControl, gpc);
  cacheConsent(consent); // a refusal in force: the recommendation answers earlier pages kept go
  // who the shopper is: a random anonymous id kept first-party, the retailer's user id after identify(), the
  // session; nothing is written without analytics consent
  const storedAid = kv.get(AID);
  let anonymousId = storedAid ?? randomId();
  /**
   * The stored user id; one the contract refuses (an earlier SDK took a line break in it) is ignored: every event
   * carrying it would be rejected by the adapter.
   */
  const storedUid = () => { const uid = kv.get(UID); return uid && USER_ID.test(uid) ? uid : undefined; };
  let userId = storedUid();
  let session = parseSession(kv.get(SID));
  let sessionChanged = false;
  /** First-party storage lost the anonymous id: the copy in IndexedDB may be adopted (never after a refusal). */
  let lost = !storedAid;
  /** The signed-in shopper's token: set at the call (for this page's requests at once), again when the call is handled. */
  let token: string | undefined;
  const write = (key: string, value: string | null) => { if (consent?.analytics) kv.set(key, value); };
  const newSession = (now: number) => touchSession(session, now, opts.sessionIdleMs, opts.sessionMaxMs, randomId);
  /** Writes the session once per batch of events (not per event). */
  const saveSession = () => {
    if (sessionChanged && session) write(SID, JSON.stringify(session));
    sessionChanged = false;
  };
  /**
   * Writes the ids (a session too, made now when there is none): at start, when they change, once consent is granted.
   * The user id goes first, so another tab reading between the writes never pairs the new anonymous id with a user id
   * that was signed out; the other tabs take these ids rather than make their own.
   */
  const saveIds = () => {
    write(UID, userId ?? null);
    write(AID, anonymousId);
    session ??= newSession(Date.now());
    sessionChanged = true;
    saveSession();
  };
  /**
   * Removes the stored ids and goes on with a new anonymous id, no user id and no session, in memory: at `reset()`
   * (which writes the new ones), and when analytics consent is withdrawn or refused (the IndexedDB copy goes with the
   * queue), so a later grant starts from an id never linked to the old one.
   */
  const forget = () => {
    for (const key of IDS) kv.set(key, null);
    anonymousId = randomId();
    userId = undefined;
    session = null;
    lost = false;
  };
  /**
   * Takes the ids stored by another tab of the store (its identify, reset, session or grant), so every tab sends
   * the same ones. The user token stays only while the user id does: it belongs to the shopper who signed in.
   */
  const adopt = () => {
    const aid = kv.get(AID);
    if (!aid) return; // none stored: this tab's own stay (a withdrawal is the consent op's)
    const uid = storedUid();
    const s = parseSession(kv.get(SID));
    if (uid != userId) token = undefined;
    anonymousId = aid;
    userId = uid;
    // another session (or this one, seen later there): theirs; this tab's latest activity is never lost
    if (s && (s.id != session?.id || s.lastMs > session.lastMs)) session = s;
  };
  /**
   * Deletes the queue database when analytics is refused on a page that has not opened it (a refusal in force at start,
   * stored or Global Privacy Control, or one made while undecided): the events, dead letters and mirrored anonymous id
   * earlier pages left there carry the shopper's ids. The choice is the origin's, as the database is (every site key
   * of it). A page that has the queue open purges it itself; deleting a database that is not there creates nothing.
   */
  const wipe = () => {
    try { if (opts.storage) indexedDB.deleteDatabase(opts.storage); } catch { /* no IndexedDB */ }
  };
  if (consent && !consent.analytics) { // ids an earlier page left despite the refusal
    forget();
    wipe();
  }
  saveIds();
  const stats = signal<TrackingStats>({ queued: 0, inFlight: 0, sent: 0, deadLettered: 0, dropped: 0 });
  const add = (field: keyof TrackingStats, n: number) => { if (n) stats.value = { ...stats.peek(), [field]: stats.peek()[field] + n }; };
  const listeners = new Set<(event: FocalEvent) => void>();
  const validate = SCRIPT_TAG ? (DEV ? validateEvent : checkEvent) : opts.validate ?? checkEvent;
  let queue: DurableQueue | undefined;
  let dispatcher: Dispatcher | undefined;
  let ops: Op[] = [];
  let buffered: Op[] = [];
  let ready = Promise.resolve();
  let draining: Promise<void> | null = null;
  let scheduled = false;
  /** destroy() was called: later calls store nothing. */
  let destroyed = false;

  /** Queues an op; ops run in order in one microtask per task. */
  function push(op: Op): void {
    ops.push(op);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(() => { scheduled = false; void drain(); });
    }
  }

  /** Handles queued ops until none is left; resolves when their events are stored. */
  function drain(): Promise<void> {
    return draining ??= (async () => {
      while (ops.length) {
        await ready;
        await persist(take());
      }
    })().finally(() => {
      draining = null;
      if (ops.length) void drain();
    });
  }

  /** Opens the queue and starts sending: at creation, or when consent is granted. */
  function start(): void {
    if (queue) return;
    const q = queue = createQueue(opts.storage, opts.siteKey, opts.leaseMs);
    const d = dispatcher = createDispatcher(q, opts, kv, (field, n) => { add(field, n); refresh(); }, () => void persist(take()));
    ready = q.ready.then(async () => {
      // first-party storage lost the anonymous id but IndexedDB kept it: adopt it
      const kept = await q.getMeta('aid');
      if (q != queue) return; // consent withdrawn meanwhile: the purge has it
      if (kept && kept != anonymousId && lost) {
        anonymousId = kept;
        saveIds();
      }
      void q.setMeta('aid', anonymousId);
      await q.sync();
      stats.value = { ...stats.peek(), deadLettered: (await q.deadLetters()).length }; // set: consent may be given again
      refresh();
      if (q.records.size) void d.flush(); // what earlier pages left: send what is due now
      else d.schedule();
    });
  }

  /** Turns queued ops into records, synchronously (also called at page exit). */
  function take(): Built {
    const built: Built = [];
    const list = ops;
    ops = [];
    for (let i = 0; i < list.length; i++) {
      const op = list[i];
      if (op.k == 'consent') list.splice(i + 1, 0, ...applyConsent(op.state, built));
      else if (op.k == 'ids') { if (consent?.analytics) adopt(); }
      else if (!consent) hold(op);
      else if (op.k == 'reset') {
        // new ids, the session too, written at once: the other tabs take these rather than make their own
        token = undefined;
        forget();
        saveIds();
        if (consent.analytics) void queue?.setMeta('aid', anonymousId);
      } else if (op.k == 'identify') {
        const props: Record<string, unknown> = { previousAnonymousId: anonymousId };
        if (op.traits !== undefined) props.traits = op.traits;
        userId = op.userId;
        token = op.token; // again: another tab's sign-out handled before this call may have cleared it
        saveIds();
        build({ ...op, k: 'track', type: 'identify', props }, built);
      } else build(op, built);
    }
    return built;
  }

  /**
   * Keeps a call until the shopper decides, no more of them than the queue holds (`maxQueueEvents`): a banner left
   * unanswered in a single-page store would otherwise keep every call of the page's life in memory. The least valuable
   * go first, as the queue's caps would drop them at the grant (never a purchase, nor a reset); each counts in `dropped`.
   */
  function hold(op: Op): void {
    buffered.push(op);
    const drop = new Set(pickEvictions(buffered.map((o, i) => ({ id: '' + i, bytes: 0, createdMs: i, type: o.k == 'track' ? o.type : o.k == 'identify' ? o.k : 'purchase' })), opts.maxQueueEvents, Infinity));
    if (!drop.size) return;
    buffered = buffered.filter((o, i) => {
      if (!drop.has('' + i)) return true;
      (o as Call).resolve(null);
    });
    add('dropped', drop.size);
  }

  /** Builds the event (a new UUIDv7 id: the idempotency key, kept across retries), checks it, adds its record. */
  function build(op: Track, built: Built): void {
    if (!consent?.analytics) return op.resolve(null);
    session = newSession(op.at);
    sessionChanged = true;
    const event = {
      id: uuidv7(), type: op.type, createdAt: new Date(op.at).toISOString(), anonymousId,
      sessionId: session.id, consent: { ...consent }, properties: op.props,
    } as FocalEvent;
    if (userId) event.userId = userId;
    if (op.page) event.page = op.page;
    let checked;
    try {
      checked = validate(event);
    } catch (e) {
      // properties JSON cannot carry (a BigInt, a cycle, a throwing getter): this call fails, its neighbours go on
      checked = { ok: false as const, problems: [{ field: 'properties', message: `properties ${DEV ? 'must be plain JSON data (strings, numbers, booleans, arrays, objects); ' : ''}${(e as Error).message}` }] };
    }
    if (!checked.ok) return op.reject(new FocalValidationError(op.type, checked.problems));
    const { value, json = JSON.stringify(value) } = checked;
    const bytes = byteLength(json);
    // the sentAt stamped on every attempt counts in the adapter's limit: an event that fits only without it would be
    // stored, then rejected by the adapter and dead-lettered
    if (bytes + SENT_AT_BYTES > MAX_EVENT_BYTES) {
      return op.reject(new FocalValidationError(op.type, [{ field: '(root)', message: `event is ${bytes + SENT_AT_BYTES} bytes${DEV ? ' with the sentAt added to each attempt' : ''}; the limit is ${MAX_EVENT_BYTES} bytes${DEV ? '. Send fewer or shorter properties' : ''}` }]));
    }
    built.push([{ id: value.id, type: value.type, json, bytes, createdMs: op.at, attempts: 0, nextAt: op.at }, value, op.resolve]);
  }

  /**
   * Records a choice; returns the ops buffered while undecided that now go ahead. A grant takes the ids another tab
   * stored (else writes this tab's) before the choice is stored, so the tabs hearing it find them. A refusal removes
   * the stored ids; after consent was given it also purges what is queued and not yet in a request (and `built`,
   * events of calls made before it): nothing more is sent, not even at page exit.
   */
  function applyConsent(state: ConsentState, built: Built): Op[] {
    consent = state;
    cacheConsent(state);
    const pending = buffered;
    buffered = [];
    if (state.analytics) {
      adopt();
      saveIds();
      storeConsent(kv, state);
      start();
      return pending;
    }
    storeConsent(kv, state);
    forget();
    const resets = pending.filter((op) => op.k == 'reset');
    for (const op of pending) (op as Partial<Call>).resolve?.(null);
    for (const [, , resolve] of built) resolve(null);
    add('dropped', pending.length - resets.length + built.length);
    built.length = 0;
    const q = queue;
    const d = dispatcher;
    if (q && d) {
      d.stop();
      queue = dispatcher = undefined;
      stats.value = { ...stats.peek(), queued: 0, inFlight: 0, deadLettered: 0 };
      void q.setMeta('aid', undefined);
      void q.forgetDead(); // dead letters carry the ids too
      void q.sync().then(() => {
        const now = Date.now();
        const ids = [...q.records.keys()];
        add('dropped', ids.filter((id) => !((d.inFlight.get(id) ?? 0) > now)).length);
        return q.remove(ids);
      });
    } else wipe();
    return resets;
  }

  /** Applies the caps, stores the records, resolves their calls, tells listeners and the dispatcher. */
  async function persist(built: Built): Promise<void> {
    const q = queue;
    const d = dispatcher!;
    const records = built.map(([record]) => record);
    if (!records.length || !q) return;
    const now = Date.now();
    // events in a request are not evicted: they are about to be acknowledged
    const evict = new Set(pickEvictions([...q.records.values(), ...records], opts.maxQueueEvents, opts.maxQueueBytes, (id) => (d.inFlight.get(id) ?? 0) > now));
    const kept = records.filter((r) => !evict.has(r.id));
    if (evict.size) {
      void q.remove([...evict].filter((id) => q.records.has(id)));
      add('dropped', evict.size);
    }
    const adding = q.add(kept);
    refresh();
    await adding;
    saveSession();
    for (const [{ id }, event, resolve] of built) {
      const stored = !evict.has(id);
      resolve(stored ? id : null);
      if (stored) for (const listener of listeners) {
        try { listener(event); } catch { /* a listener's error never breaks tracking */ }
      }
    }
    d.added(kept);
    refresh();
  }

  function refresh(): void {
    if (!queue) return;
    const now = Date.now();
    let inFlight = 0;
    for (const id of queue.records.keys()) if ((dispatcher!.inFlight.get(id) ?? 0) > now) inFlight++;
    const last = stats.peek();
    const queued = queue.records.size - inFlight;
    if (queued != last.queued || inFlight != last.inFlight) stats.value = { ...last, queued, inFlight };
  }

  /** A `track` or `identify` call: its op (none when `make` rejected the call), stamped with the time and page. */
  const call = (make: (reject: (e: Error) => void) => Omit<Track, keyof Call> | Omit<Extract<Op, { k: 'identify' }>, keyof Call> | void) =>
    new Promise<string | null>((resolve, reject) => {
      if (destroyed) return resolve(null);
      const op = make(reject);
      if (op) push({ ...op, at: Date.now(), page: pageContext(), resolve, reject } as Op);
    });

  if (consent?.analytics) start();
  // a choice or an identity change (identify, reset, a new session) made in another tab of the store applies here at
  // once: a refusal there stops this tab's sending, a sign-out there is this tab's too
  const onStorage: Hear = ({ key, newValue }) => {
    if (IDS.includes(key!)) push({ k: 'ids' });
    else if (key == CONSENT_KEY && newValue) {
      try { push({ k: 'consent', state: checkConsent(JSON.parse(newValue)) }); } catch { /* not a choice of ours */ }
    }
  };
  if (typeof addEventListener == 'function') addEventListener('storage', onStorage);
  if (!SCRIPT_TAG) peers.add(self = onStorage);
  return {
    // the properties as they are now: an object reused for the next call (a loop), a cart emptied after it, are this call's
    track: (type, props) => call(() => ({ k: 'track', type, props: copy(props) })),
    identify: (userId, extra = {}) => call((reject) => {
      if (typeof userId != 'string' || !USER_ID.test(userId)) {
        reject(new TypeError(DEV
          ? `identify: userId must be a string of 1–128 characters, no control characters such as line breaks (your own customer id, not an e-mail); got ${JSON.stringify(userId)}`
          : `focal: identify userId must be 1–128 printable chars${DEV_HINT}`));
      } else if (extra.token !== undefined && !TOKEN.test(extra.token)) {
        reject(new TypeError(DEV
          ? 'identify: token must be the signed-in shopper\'s token (e.g. a JWT): 1–8192 printable characters, no spaces'
          : `focal: identify token must be 1–8192 printable chars${DEV_HINT}`));
      } else {
        token = extra.token; // at once: recommendation and content requests of this page load carry it
        return { k: 'identify', userId, traits: copy(extra.traits), token: extra.token };
      }
    }),
    consent: (choice) => push({ k: 'consent', state: checkConsent(choice) }),
    reset() {
      token = undefined;
      push({ k: 'reset' });
    },
    async flush() {
      await drain();
      await ready;
      await dispatcher?.flush();
    },
    stats,
    deadLetters: async () => (queue ? queue.deadLetters() : []),
    onEvent(listener) {
      if (typeof listener != 'function') {
        throw new TypeError(DEV
          ? `onEvent: listener must be a function, called with each event once it is stored: focal.onEvent((event) => …); got ${listener === null ? 'null' : typeof listener}`
          : `focal: onEvent listener must be a function${DEV_HINT}`);
      }
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get anonymousId() { return anonymousId; },
    get sessionId() { return (session ??= newSession(Date.now())).id; },
    get userId() { return userId; },
    // not sent for personalisation the shopper refused (kept: a grant again in this page sends it again)
    get userToken() { return consent?.personalization === false ? undefined : token; },
    get consentState() { return consent; },
    destroy() {
      destroyed = true;
      dispatcher?.stop();
      if (!SCRIPT_TAG) peers.delete(onStorage);
      if (typeof removeEventListener == 'function') removeEventListener('storage', onStorage);
      // the calls made before are stored first; then the connection closes (the events stay in IndexedDB for the
      // next instance or page), so it neither opens the database again when another page deletes or upgrades it
      // (a consent granted in the same task opens the queue during that drain: it is stopped and closed as well)
      void drain().then(() => ready).then(() => {
        dispatcher?.stop();
        queue?.close();
      });
    },
  };
}
