import type { FocalEvent } from '../contracts/events.js';
import type { DurableQueue } from '../storage/queue.js';
import type { DeadLetter, QueuedEvent } from '../storage/types.js';
import type { Kv } from '../identity/kv.js';
import type { ResolvedOptions } from './options.js';
import { classifyStatus, parseRetryAfter, retryDelay } from './backoff.js';
import { batchBody, takeBatch } from './batch.js';
import { postBatch, type SendOutcome } from './transport.js';
import { withFlushLock } from './tab-lock.js';

/** The parts of the SDK the dispatcher reports to. */
export interface DispatchHooks {
  acked(n: number): void;
  buried(n: number): void;
  changed(): void;
}

/** Sends the queue: batches, retries with backoff, dead-letters, one tab at a time. */
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

const URGENT = new Set(['purchase', 'add_to_cart']);
/** Requests one tab keeps in flight at once. */
const PARALLEL = 2;
const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * Creates the dispatcher over the queue. A cycle takes the cross-tab lock, merges what other tabs queued,
 * then sends due events oldest first in batches (≤ `maxBatchEvents`, ≤ `maxBatchBytes`) until none is due.
 * A failed batch gets its own next-attempt time, so it never blocks the others.
 */
export function createDispatcher(queue: DurableQueue, opts: ResolvedOptions, kv: Kv, hooks: DispatchHooks): Dispatcher {
  const inFlight = new Map<string, number>();
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Infinity;
  let running: Promise<void> | null = null;
  let rerun = false;
  let stopped = false;

  const busy = (r: QueuedEvent, now: number) => (inFlight.get(r.id) ?? 0) > now;
  const due = (now: number) => [...queue.records.values()]
    .filter((r) => r.nextAt <= now && !busy(r, now))
    .sort((a, b) => a.createdMs - b.createdMs);

  async function bury(records: QueuedEvent[], reason: string) {
    const at = Date.now();
    const letters: DeadLetter[] = records.map((r) => ({ id: r.id, event: JSON.parse(r.json) as FocalEvent, reason, at }));
    await queue.bury(letters);
    hooks.buried(letters.length);
  }

  async function retry(records: QueuedEvent[], error: string, retryAfterMs: number | null) {
    const now = Date.now();
    const give: QueuedEvent[] = [];
    const keep: QueuedEvent[] = [];
    const jitter = Math.random(); // one draw per batch, so a batch stays together on its next attempt
    for (const r of records) {
      if (isOffline() && !retryAfterMs) { r.nextAt = now; keep.push(r); continue; } // offline: no attempt used
      r.attempts++;
      r.lastError = error;
      if (r.attempts >= opts.retry.maxAttempts) give.push(r);
      else {
        r.nextAt = now + (retryAfterMs ?? retryDelay(r.attempts, opts.retry, jitter));
        keep.push(r);
      }
    }
    if (give.length) await bury(give, `gave up after ${opts.retry.maxAttempts} attempts; last error: ${error}`);
    await queue.update(keep);
  }

  async function settle(batch: QueuedEvent[], outcome: SendOutcome) {
    const verdict = classifyStatus(outcome.status);
    if (verdict === 'fatal') return bury(batch, `the adapter refused the batch: HTTP ${outcome.status}: ${outcome.error}`);
    if (verdict === 'retry' || !outcome.result) {
      const after = parseRetryAfter(outcome.retryAfter, Date.now(), opts.retry.retryAfterCapMs);
      return retry(batch, outcome.result ? `HTTP ${outcome.status}` : outcome.error ?? `HTTP ${outcome.status}`, after);
    }
    const byId = new Map(outcome.result.results.map((r) => [r.id ?? `#${r.index}`, r]));
    const acked: string[] = [];
    const rejected: Array<[QueuedEvent, string]> = [];
    const unanswered: QueuedEvent[] = [];
    batch.forEach((record, index) => {
      const answer = byId.get(record.id) ?? byId.get(`#${index}`);
      if (answer?.status === 'accepted' || answer?.status === 'duplicate') acked.push(record.id);
      else if (answer?.status === 'rejected') rejected.push([record, `rejected by the adapter: ${answer.field ? `${answer.field}: ` : ''}${answer.reason ?? 'no reason given'}`]);
      else unanswered.push(record);
    });
    if (acked.length) {
      await queue.remove(acked);
      hooks.acked(acked.length);
    }
    for (const [record, reason] of rejected) await bury([record], reason);
    if (unanswered.length) await retry(unanswered, 'the answer did not acknowledge these events', null);
  }

  async function cycle(held: () => boolean) {
    await queue.sync();
    const start = Date.now();
    for (const [id, until] of inFlight) if (until <= start || !queue.records.has(id)) inFlight.delete(id);
    hooks.changed();
    for (let guard = 0; guard < 1000 && !stopped && !isOffline(); guard++) {
      const now = Date.now();
      const expired = [...queue.records.values()].filter((r) => now - r.createdMs > opts.retry.maxAgeMs && !busy(r, now));
      if (expired.length) await bury(expired, `not delivered within ${opts.retry.maxAgeMs / 3600_000} h; last error: ${expired[0].lastError ?? 'none'}`);
      // up to PARALLEL batches at once: one slow or failing batch never holds the others back
      let pool = due(now);
      const batches: QueuedEvent[][] = [];
      while (batches.length < PARALLEL && pool.length) {
        const batch = takeBatch(pool, opts.maxBatchEvents, opts.maxBatchBytes);
        batches.push(batch);
        pool = pool.slice(batch.length);
      }
      if (!batches.length || !held()) break;
      for (const r of batches.flat()) inFlight.set(r.id, now + opts.leaseMs);
      hooks.changed();
      await Promise.all(batches.map(async (batch) => {
        const body = batchBody(batch.map((r) => r.json), new Date().toISOString());
        const outcome = await postBatch(doFetch, opts.endpoint, opts.siteKey, body, opts.leaseMs);
        for (const r of batch) inFlight.delete(r.id);
        await settle(batch, outcome);
      }));
      hooks.changed();
    }
  }

  async function run() {
    do {
      rerun = false;
      const ran = await withFlushLock(`focal:${opts.siteKey}`, opts.leaseMs, kv, cycle).catch(() => true);
      if (!ran) arm(Date.now() + Math.min(1000, opts.flushInterval)); // another tab is flushing: look again soon
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
    timer = setTimeout(() => { wakeAt = Infinity; void flush(); }, Math.max(0, at - Date.now()));
  }

  function schedule() {
    let next = Infinity;
    for (const r of queue.records.values()) {
      const at = Math.max(r.attempts ? r.nextAt : r.createdMs + opts.flushInterval, inFlight.get(r.id) ?? 0);
      if (at < next) next = at;
    }
    if (next < Infinity && !isOffline()) arm(next);
  }

  function added(records: QueuedEvent[]) {
    const now = Date.now();
    let fresh = 0;
    for (const r of queue.records.values()) if (!r.attempts && !busy(r, now)) fresh++;
    if (fresh >= opts.flushAt || records.some((r) => URGENT.has(r.type))) void flush();
    else schedule();
  }

  return {
    inFlight, flush, added, schedule,
    stop() { stopped = true; clearTimeout(timer); },
  };
}
