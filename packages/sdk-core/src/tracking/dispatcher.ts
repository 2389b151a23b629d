import type { DurableQueue } from '../storage/queue.js';
import type { DeadLetter, QueuedEvent } from '../storage/types.js';
import type { Kv } from '../identity/kv.js';
import type { ResolvedOptions } from './options.js';
import { classifyStatus, parseRetryAfter, retryDelay } from './backoff.js';
import { batchBody, takeBatch } from './batch.js';
import { postBatch, type SendOutcome } from './transport.js';
import { withFlushLock } from './tab-lock.js';

/** What the dispatcher reports: `n` events acknowledged (`sent`) or dead-lettered; `n` 0: the queue changed. */
export type DispatchReport = (field: 'sent' | 'deadLettered', n: number) => void;

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

const URGENT = ['purchase', 'add_to_cart'];
/** Requests one tab keeps in flight at once. */
const PARALLEL = 2;
const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * Creates the dispatcher over the queue. A cycle takes the cross-tab lock, merges what other tabs queued,
 * then sends due events oldest first in batches (≤ `maxBatchEvents`, ≤ `maxBatchBytes`) until none is due.
 * A failed batch gets its own next-attempt time, so it never blocks the others.
 * Dead letters not yet reported are counted in the first batch of a round (`deadLettered`) and marked reported
 * in IndexedDB once the adapter has answered that batch: counted once across pages and tabs (which flush one at a
 * time), and counted again with the next batch when that one fails.
 */
export function createDispatcher(queue: DurableQueue, opts: ResolvedOptions, kv: Kv, report: DispatchReport): Dispatcher {
  const inFlight = new Map<string, number>();
  const { retry: policy } = opts;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Infinity;
  let running: Promise<void> | null = null;
  let rerun = false;
  let stopped = false;

  const busy = (r: QueuedEvent, now: number) => (inFlight.get(r.id) ?? 0) > now;
  /** Dead letters to count in the next batch; read from the store at the first cycle and after this tab buries. */
  let unreported: DeadLetter[] | undefined;

  async function bury(records: QueuedEvent[], reason: string) {
    unreported = undefined;
    const at = Date.now();
    await queue.bury(records.map((r) => ({ id: r.id, event: JSON.parse(r.json), reason, at })));
    report('deadLettered', records.length);
  }

  async function retry(records: QueuedEvent[], error: string, retryAfterMs: number | null) {
    const now = Date.now();
    const give: QueuedEvent[] = [];
    const jitter = Math.random(); // one draw per batch, so a batch stays together on its next attempt
    for (const r of records) {
      if (isOffline() && !retryAfterMs) { r.nextAt = now; continue; } // offline: no attempt used
      r.lastError = error;
      if (++r.attempts >= policy.maxAttempts) give.push(r);
      else r.nextAt = now + (retryAfterMs ?? retryDelay(r.attempts, policy, jitter));
    }
    if (give.length) await bury(give, `gave up after ${policy.maxAttempts} attempts; last error: ${error}`);
    await queue.update(records.filter((r) => !give.includes(r)));
  }

  async function settle(batch: QueuedEvent[], { status, result, error, retryAfter }: SendOutcome) {
    const verdict = classifyStatus(status);
    if (verdict === 'fatal') return bury(batch, `the adapter refused the batch: HTTP ${status}: ${error}`);
    if (verdict === 'retry' || !result) return retry(batch, result ? `HTTP ${status}` : error!, parseRetryAfter(retryAfter, Date.now(), policy.retryAfterCapMs));
    const byId = new Map(result.results.map((r) => [r.id ?? `#${r.index}`, r]));
    const acked: string[] = [];
    const unanswered: QueuedEvent[] = [];
    for (const [index, record] of batch.entries()) {
      const answer = byId.get(record.id) ?? byId.get(`#${index}`);
      if (answer?.status === 'rejected') await bury([record], `rejected by the adapter: ${answer.field ? `${answer.field}: ` : ''}${answer.reason ?? 'no reason given'}`);
      else if (answer?.status === 'accepted' || answer?.status === 'duplicate') acked.push(record.id);
      else unanswered.push(record);
    }
    if (acked.length) {
      await queue.remove(acked);
      report('sent', acked.length);
    }
    if (unanswered.length) await retry(unanswered, 'the answer did not acknowledge these events', null);
  }

  async function cycle(held: () => boolean) {
    await queue.sync();
    const start = Date.now();
    for (const [id, until] of inFlight) if (until <= start || !queue.records.has(id)) inFlight.delete(id);
    report('sent', 0);
    unreported ??= (await queue.deadLetters()).filter((l) => !l.reported).slice(0, 1e6);
    for (let guard = 0; guard < 1000 && !stopped && !isOffline(); guard++) {
      const now = Date.now();
      const all = [...queue.records.values()].filter((r) => !busy(r, now));
      const expired = all.filter((r) => now - r.createdMs > policy.maxAgeMs);
      if (expired.length) await bury(expired, `not delivered within ${policy.maxAgeMs / 3600_000} h; last error: ${expired[0].lastError ?? 'none'}`);
      // up to PARALLEL batches at once: one slow or failing batch never holds the others back
      let pool = all.filter((r) => r.nextAt <= now && !expired.includes(r)).sort((a, b) => a.createdMs - b.createdMs);
      const batches: QueuedEvent[][] = [];
      while (batches.length < PARALLEL && pool.length) {
        const batch = takeBatch(pool, opts.maxBatchEvents, opts.maxBatchBytes);
        batches.push(batch);
        pool = pool.slice(batch.length);
      }
      if (!batches.length || !held()) break;
      for (const r of batches.flat()) inFlight.set(r.id, now + opts.leaseMs);
      report('sent', 0);
      await Promise.all(batches.map(async (batch, i) => {
        const reporting = (!i && unreported) || [];
        const body = batchBody(batch.map((r) => r.json), new Date().toISOString(), reporting.length);
        const outcome = await postBatch(opts.fetch, opts.endpoint, opts.siteKey, body, opts.leaseMs);
        for (const r of batch) inFlight.delete(r.id);
        if (reporting.length && outcome.result && classifyStatus(outcome.status) === 'ok') {
          if (unreported === reporting) unreported = [];
          await queue.bury(reporting.map((l) => ({ ...l, reported: true })));
        }
        await settle(batch, outcome);
      }));
      report('sent', 0);
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
    for (const r of queue.records.values()) next = Math.min(next, Math.max(r.attempts ? r.nextAt : r.createdMs + opts.flushInterval, inFlight.get(r.id) ?? 0));
    if (next < Infinity && !isOffline()) arm(next);
  }

  function added(records: QueuedEvent[]) {
    const now = Date.now();
    let fresh = 0;
    for (const r of queue.records.values()) if (!r.attempts && !busy(r, now)) fresh++;
    if (fresh >= opts.flushAt || records.some((r) => URGENT.includes(r.type))) void flush();
    else schedule();
  }

  return {
    inFlight, flush, added, schedule,
    stop() { stopped = true; clearTimeout(timer); },
  };
}
