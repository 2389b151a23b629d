import type { EventBatchResult } from '../contracts/batch.js';
import type { DurableQueue } from '../storage/queue.js';
import type { DeadLetter, QueuedEvent } from '../storage/types.js';
import type { Kv } from '../identity/kv.js';
import type { ResolvedOptions } from './options.js';
import { classifyStatus, parseRetryAfter, retryDelay } from './backoff.js';
import { batchBody, chunk, sendHalving } from './batch.js';
import { exchange, joinUrl, SITE_KEY_HEADER } from './http.js';
import { withFlushLock } from './tab-lock.js';
import { DEV } from './build.js';

/**
 * What the dispatcher reports: `n` events acknowledged (`sent`), dead-lettered, or dead letters dropped past the store's
 * cap (`dropped`, with `deadLettered` −n); `n` 0: the queue changed.
 */
export type DispatchReport = (field: 'sent' | 'deadLettered' | 'dropped', n: number) => void;

/** Sends the queue: batches, retries with backoff, dead-letters, one tab at a time, beacons at page exit. */
export interface Dispatcher {
  /** Ids in a request or a page-exit beacon, with when that mark expires (ms). Memory only. */
  readonly inFlight: Map<string, number>;
  /** Runs a send cycle now (coalesced with one already running); resolves when it is over. */
  flush(): Promise<void>;
  /** Tells the dispatcher new events were queued: sends at once when due, else arms the timer. */
  added(records: QueuedEvent[]): void;
  /** Arms the timer for the next due event. */
  schedule(): void;
  stop(): void;
}

const URGENT = ['purchase', 'add_to_cart'];
/** Requests one tab keeps in flight at once. */
const PARALLEL = 2;
const isOffline = () => typeof navigator != 'undefined' && navigator.onLine === false;
const byAge = (list: QueuedEvent[]) => list.sort((a, b) => a.createdMs - b.createdMs);

/**
 * Creates the dispatcher over the queue. A cycle takes the cross-tab lock, merges what other tabs queued,
 * then sends due events oldest first in batches (≤ `maxBatchEvents`, ≤ `maxBatchBytes`) until none is due.
 * A failed batch gets its own next-attempt time, so it never blocks the others; a request that never answers is
 * aborted after `leaseMs` and counts as a network error (retried with the same ids).
 * Dead letters carry the reason (shorter in focal.min.js). Dead letters not yet reported are counted in the first batch of a round (`deadLettered`) and marked reported
 * in IndexedDB once the adapter has answered that batch: counted once across pages and tabs (which flush one at a
 * time), and counted again with the next batch when that one fails.
 *
 * Page exit: on `visibilitychange` → hidden and on `pagehide` (never `unload`, which breaks the back/forward
 * cache), `beforeExit` first turns calls made in this task into queued events, then every queued event not already
 * beaconed goes out with `sendBeacon` (a CORS-simple `text/plain` body, `?siteKey=`) in chunks of at most
 * `beaconBytes`, a refused chunk halved, what is still refused sent by `fetch(…, { keepalive: true })`. The
 * events stay queued, marked in flight for `leaseMs`: if the page lives on they are resent (the server answers
 * `duplicate` and they are deleted); if it dies, the next load resends them with the same ids.
 */
export function createDispatcher(queue: DurableQueue, opts: ResolvedOptions, kv: Kv, report: DispatchReport, beforeExit: () => void): Dispatcher {
  const { retry: policy, siteKey, leaseMs, flushInterval } = opts;
  const url = joinUrl(opts.endpoint, '/v1/events');
  const inFlight = new Map<string, number>();
  const beaconed = new Map<string, number>();
  const stops: Array<() => void> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Infinity;
  let running: Promise<void> | null = null;
  let rerun = false;
  let stopped = false;
  /** Largest request body; halved when the adapter or a proxy in front of it answers 413 (its limit is lower). */
  let maxBytes = opts.maxBatchBytes;
  /** Dead letters to count in the next batch; read from the store at the first cycle and after this tab buries. */
  let unreported: DeadLetter[] | undefined;
  /** The flush lock's lease (tab-lock.ts), which the tab sending renews: another value means another tab has sent. */
  const lease = `focal:${siteKey}.lease`;
  let seen = kv.get(lease);
  /**
   * Until when (ms) the adapter asked the store to wait (`Retry-After`): for every event, of every tab (shared through
   * first-party storage), not only the batch it answered. 0 when not waiting (also when the clock has been put back).
   */
  const wait = `focal:${siteKey}.wait`;
  const waiting = (now: number) => { const until = +kv.get(wait)!; return until > now && until - now <= policy.retryAfterCapMs ? until : 0; };

  const busy = (r: QueuedEvent, now: number) => (inFlight.get(r.id) ?? 0) > now;
  const records = () => [...queue.records.values()];
  /** Forgets marks that expired or whose event left the queue. */
  const prune = (marks: Map<string, number>, now: number) => {
    for (const [id, until] of marks) if (until <= now || !queue.records.has(id)) marks.delete(id);
  };

  async function bury(list: QueuedEvent[], reason: string) {
    // stopped (consent withdrawn, or destroyed) while the request was on its way: no dead letter, which carries the
    // shopper's ids, is written after the purge (events of a destroyed page stay queued for the next one)
    if (stopped) return;
    unreported = undefined;
    const at = Date.now();
    const dropped = await queue.bury(list.map((r) => ({ id: r.id, event: JSON.parse(r.json), reason, at })));
    report('deadLettered', list.length - dropped);
    report('dropped', dropped);
  }

  async function retry(list: QueuedEvent[], error: string, retryAfterMs: number | null) {
    const now = Date.now();
    const give: QueuedEvent[] = [];
    const jitter = Math.random(); // one draw per batch, so a batch stays together on its next attempt
    if (retryAfterMs) kv.set(wait, String(now + retryAfterMs));
    for (const r of list) {
      if (isOffline() && !retryAfterMs) r.nextAt = now; // offline: no attempt used
      else {
        r.lastError = error;
        if (++r.attempts >= policy.maxAttempts) give.push(r);
        else r.nextAt = now + (retryAfterMs ?? retryDelay(r.attempts, policy, jitter));
      }
    }
    if (give.length) await bury(give, DEV ? `gave up after ${policy.maxAttempts} attempts; last error: ${error}` : `${policy.maxAttempts} attempts: ${error}`);
    await queue.update(list); // the buried ones have left the queue: not written back
  }

  /** Posts one batch (counting `reporting` dead letters) and settles its events from the answer. */
  async function send(batch: QueuedEvent[], reporting: DeadLetter[]) {
    let status = 0;
    let retryAfter: string | null = null;
    let result: EventBatchResult | undefined;
    let error: string | undefined;
    const body = batchBody(batch.map((r) => r.json), new Date().toISOString(), reporting.length);
    try {
      const [response, text] = await exchange(opts.fetch, url, {
        method: 'POST', headers: { 'content-type': 'application/json', [SITE_KEY_HEADER]: siteKey }, credentials: 'omit', body,
      }, leaseMs);
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      try {
        const parsed = JSON.parse(text);
        // an answer per event, each with its status: anything else (a null from a broken server or proxy) is a failed attempt
        if (parsed?.results?.every?.((a: { status?: unknown } | null) => a?.status)) result = parsed;
        else error = parsed?.error?.message;
      } catch {
        error = text.slice(0, 200);
      }
      error ||= `HTTP ${status}`;
    } catch (e) {
      error = `network error: ${(e as Error)?.message ?? e}`;
    }
    for (const r of batch) inFlight.delete(r.id);
    // too large a body, not bad events: sent again at once in smaller requests; an event refused alone is dead-lettered
    if (status == 413 && batch[1]) return void (maxBytes = Math.min(maxBytes, body.length >> 1));
    const verdict = classifyStatus(status);
    if (verdict == 'fatal') return bury(batch, `${DEV ? 'the adapter refused the batch: ' : ''}HTTP ${status}: ${error}`);
    if (verdict == 'retry' || !result) return retry(batch, result ? `HTTP ${status}` : error!, parseRetryAfter(retryAfter, Date.now(), policy.retryAfterCapMs));
    if (reporting.length && !stopped) {
      if (unreported === reporting) unreported = [];
      await queue.bury(reporting.map((l) => ({ ...l, reported: true })));
    }
    const byId = new Map(result.results.map((a) => [a.id ?? `#${a.index}`, a]));
    const acked: string[] = [];
    const unanswered: QueuedEvent[] = [];
    for (const [index, r] of batch.entries()) {
      const answer = byId.get(r.id) ?? byId.get(`#${index}`);
      if (answer?.status == 'rejected') await bury([r], `rejected${DEV ? ' by the adapter' : ''}: ${answer.field ? `${answer.field}: ` : ''}${answer.reason ?? 'no reason given'}`);
      else if (answer) acked.push(r.id); // accepted or duplicate
      else unanswered.push(r);
    }
    if (acked.length) {
      await queue.remove(acked);
      report('sent', acked.length);
    }
    if (unanswered.length) await retry(unanswered, DEV ? 'the answer did not acknowledge these events' : 'not acknowledged', null);
  }

  async function cycle(held: () => boolean) {
    // another tab sent since this one last did: take the attempts and retry times (Retry-After) it stored
    await queue.sync(kv.get(lease) != seen);
    prune(inFlight, Date.now());
    report('sent', 0);
    unreported ??= (await queue.deadLetters()).filter((l) => !l.reported);
    for (let guard = 0; guard < 1000 && !stopped && !isOffline(); guard++) {
      const now = Date.now();
      const all = records().filter((r) => !busy(r, now));
      // too old, once an attempt has failed: time offline, away from the store, or after a page-exit beacon, does not count
      const expired = all.filter((r) => r.attempts && now - r.createdMs > policy.maxAgeMs);
      if (expired.length) await bury(expired, `${DEV ? 'not delivered within ' : 'older than '}${policy.maxAgeMs / 3600_000} h; last error: ${expired[0].lastError ?? 'none'}`);
      // up to PARALLEL batches at once: one slow or failing batch never holds the others back. Due: the time has come,
      // or it is further ahead than any retry delay (the device clock was put back since: tracked "in the future")
      const batches = chunk(byAge(all.filter((r) => (r.nextAt <= now || r.nextAt - now > policy.capMs + policy.retryAfterCapMs) && !expired.includes(r))), opts.maxBatchEvents, maxBytes).slice(0, PARALLEL);
      if (!batches.length || waiting(now) || !held()) break;
      for (const r of batches.flat()) inFlight.set(r.id, now + leaseMs);
      report('sent', 0);
      await Promise.all(batches.map((batch, i) => send(batch, (!i && unreported) || [])));
      report('sent', 0);
    }
    seen = kv.get(lease);
  }

  async function run() {
    do {
      rerun = false;
      // another tab is flushing: look again soon
      if (!await withFlushLock(`focal:${siteKey}`, leaseMs, kv, cycle).catch(() => true)) arm(Date.now() + Math.min(1000, flushInterval));
    } while (rerun && !stopped);
    running = null;
    schedule();
  }

  function flush(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) rerun = true;
    else running = run();
    return running;
  }

  function arm(at: number) {
    if (stopped || at >= wakeAt) return;
    clearTimeout(timer);
    wakeAt = at;
    timer = setTimeout(() => { wakeAt = Infinity; void flush(); }, at - Date.now());
  }

  function schedule() {
    let next = Infinity;
    for (const r of queue.records.values()) next = Math.min(next, Math.max(r.attempts ? r.nextAt : r.createdMs + flushInterval, inFlight.get(r.id) ?? 0));
    if (next < Infinity && !isOffline()) arm(Math.max(next, waiting(Date.now())));
  }

  function exit() {
    beforeExit();
    const now = Date.now();
    prune(beaconed, now);
    const items = byAge(records().filter((r) => (beaconed.get(r.id) ?? 0) <= now));
    if (!items.length) return;
    const target = `${url}?siteKey=${encodeURIComponent(siteKey)}`;
    const body = (part: QueuedEvent[]) => batchBody(part.map((r) => r.json), new Date().toISOString());
    for (const part of chunk(items, 500, opts.beaconBytes)) {
      const refused = sendHalving(part, (p) => {
        try {
          return !!navigator.sendBeacon?.(target, new Blob([body(p)], { type: 'text/plain' }));
        } catch {
          return false;
        }
      });
      for (const r of refused) {
        fetch(target, { method: 'POST', body: body([r]), keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain' } })
          .catch(() => { /* the event stays queued and is resent on the next load */ });
      }
    }
    for (const r of items) {
      beaconed.set(r.id, now + leaseMs);
      inFlight.set(r.id, Math.max(inFlight.get(r.id) ?? 0, now + leaseMs));
    }
    report('sent', 0);
  }

  const on = (target: EventTarget, type: string, listener: () => void) => {
    target.addEventListener(type, listener);
    stops.push(() => target.removeEventListener(type, listener));
  };
  if (typeof addEventListener == 'function') {
    on(globalThis, 'online', () => void flush());
    if (typeof document != 'undefined') {
      on(globalThis, 'pagehide', exit);
      on(document, 'visibilitychange', () => { if (document.visibilityState == 'hidden') exit(); });
    }
  }

  return {
    inFlight, flush, schedule,
    added(list) {
      const now = Date.now();
      if (records().filter((r) => !r.attempts && !busy(r, now)).length >= opts.flushAt || list.some((r) => URGENT.includes(r.type))) void flush();
      else schedule();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      stops.forEach((stop) => stop());
    },
  };
}
