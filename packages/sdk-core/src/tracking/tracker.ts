import type { ConsentState, EventType, FocalEvent, PageContext } from '../contracts/events.js';
import { byteLength } from '../contracts/limits.js';
import { checkConsent, initialConsent, storeConsent } from '../consent/consent.js';
import { Identity } from '../identity/identity.js';
import type { Kv } from '../identity/kv.js';
import { openIdbStore } from '../storage/idb-store.js';
import { memoryStore } from '../storage/memory-store.js';
import { createQueue, type DurableQueue } from '../storage/queue.js';
import type { QueuedEvent } from '../storage/types.js';
import { checkEvent } from './check-event.js';
import { createDispatcher, type Dispatcher } from './dispatcher.js';
import { buildEvent } from './envelope.js';
import { FocalValidationError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { pickEvictions } from './priority.js';
import { createStats } from './stats.js';
import { onPageExit } from './unload.js';

type Resolve = (id: string | null) => void;
type Op =
  | { k: 'track'; type: EventType; props: unknown; at: number; page: PageContext | undefined; resolve: Resolve; reject: (e: Error) => void }
  | { k: 'identify'; userId: string; token: string | undefined; traits: unknown; at: number; page: PageContext | undefined; resolve: Resolve; reject: (e: Error) => void }
  | { k: 'reset' }
  | { k: 'consent'; state: ConsentState };

interface Built { records: QueuedEvent[]; resolves: Resolve[]; events: FocalEvent[] }

/**
 * The tracking pipeline behind `createFocal`. Calls become ops, handled in order in a microtask (so `track()`
 * itself costs next to nothing): consent gate, identity and session, envelope, validation, caps, then the
 * durable queue; each call's promise resolves once its event is stored.
 */
export class Tracker {
  consent: ConsentState | null;
  readonly identity: Identity;
  readonly stats = createStats();
  queue: (DurableQueue & { ready: Promise<void> }) | null = null;
  dispatcher: Dispatcher | null = null;
  token: string | undefined;
  readonly listeners = new Set<(event: FocalEvent) => void>();
  private ops: Op[] = [];
  private buffered: Op[] = [];
  private ready: Promise<void> = Promise.resolve();
  private draining: Promise<void> | null = null;
  private scheduled = false;
  private stopExit: () => void = () => {};
  private offOnline: () => void = () => {};

  constructor(readonly opts: ResolvedOptions, private kv: Kv, gpc: unknown) {
    this.consent = initialConsent(kv, opts.requireConsent, opts.honorGlobalPrivacyControl, gpc);
    this.identity = new Identity(kv, opts.sessionIdleMs, opts.sessionMaxMs, !!this.consent?.analytics);
    if (this.consent?.analytics) this.start();
  }

  /** Queues an op; ops run in order in one microtask per task. */
  push(op: Op): void {
    this.ops.push(op);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => { this.scheduled = false; void this.drain(); });
  }

  /** Handles queued ops until none is left; resolves when their events are stored. */
  drain(): Promise<void> {
    if (!this.draining) {
      this.draining = this.handleOps().finally(() => {
        this.draining = null;
        if (this.ops.length) void this.drain();
      });
    }
    return this.draining;
  }

  private async handleOps(): Promise<void> {
    while (this.ops.length) {
      await this.ready;
      await this.persist(this.take());
    }
  }

  /** Resolves once the queue is open and restored. */
  started(): Promise<void> {
    return this.ready;
  }

  /** Opens the queue and starts sending: at creation, or when consent is granted. */
  private start(): void {
    if (this.queue) return;
    const { opts } = this;
    const queue = createQueue(() => (opts.storage ? openIdbStore(opts.storage) : Promise.resolve(memoryStore())));
    this.queue = queue;
    const refresh = () => this.refresh();
    const dispatcher = createDispatcher(queue, opts, this.kv, {
      acked: (n) => { this.stats.add('sent', n); refresh(); },
      buried: (n) => { this.stats.add('deadLettered', n); refresh(); },
      changed: refresh,
    });
    this.dispatcher = dispatcher;
    this.stopExit = onPageExit(queue, dispatcher.inFlight, opts, () => void this.persist(this.take()), refresh);
    if (typeof addEventListener === 'function') {
      const online = () => void dispatcher.flush();
      addEventListener('online', online);
      this.offOnline = () => removeEventListener('online', online);
    }
    this.ready = queue.ready.then(async () => {
      this.identity.restore(await queue.getMeta('aid'));
      if (this.identity.persist) void queue.setMeta('aid', this.identity.anonymousId);
      await queue.sync();
      this.stats.add('deadLettered', (await queue.deadLetters()).length);
      refresh();
      if (queue.records.size) void dispatcher.flush(); // what earlier pages left: send what is due now
      else dispatcher.schedule();
    });
  }

  /** Turns queued ops into records, synchronously (also called at page exit). */
  take(): Built {
    const built: Built = { records: [], resolves: [], events: [] };
    const list = this.ops;
    this.ops = [];
    for (let i = 0; i < list.length; i++) {
      const op = list[i];
      if (op.k === 'consent') {
        const pending = this.applyConsent(op.state);
        list.splice(i + 1, 0, ...pending);
        continue;
      }
      if (!this.consent) { this.buffered.push(op); continue; }
      if (op.k === 'reset') {
        this.identity.reset();
        this.token = undefined;
        if (this.identity.persist) void this.queue?.setMeta('aid', this.identity.anonymousId);
        continue;
      }
      if (op.k === 'identify') {
        const previous = this.identity.anonymousId;
        this.identity.setUser(op.userId);
        this.token = op.token;
        const props: Record<string, unknown> = { previousAnonymousId: previous };
        if (op.traits !== undefined) props.traits = op.traits;
        this.build({ ...op, k: 'track', type: 'identify', props }, built);
        continue;
      }
      this.build(op, built);
    }
    return built;
  }

  private build(op: Extract<Op, { k: 'track' }>, built: Built): void {
    if (!this.consent?.analytics) { op.resolve(null); return; }
    const event = buildEvent({
      type: op.type, properties: op.props, at: op.at, page: op.page, anonymousId: this.identity.anonymousId,
      userId: this.identity.userId, sessionId: this.identity.touch(op.at), consent: this.consent,
    });
    const checked = (this.opts.validate ?? checkEvent)(event);
    if (!checked.ok) { op.reject(new FocalValidationError(op.type, checked.problems)); return; }
    const value = checked.value;
    const json = JSON.stringify(value);
    built.records.push({ id: value.id, type: value.type, json, bytes: byteLength(json), createdMs: op.at, attempts: 0, nextAt: op.at });
    built.resolves.push(op.resolve);
    built.events.push(value);
  }

  private applyConsent(state: ConsentState): Op[] {
    this.consent = checkConsent(state);
    storeConsent(this.kv, this.consent);
    const pending = this.buffered;
    this.buffered = [];
    if (this.consent.analytics) {
      this.identity.persist = true;
      this.identity.save();
      this.start();
      return pending;
    }
    let purged = 0;
    for (const op of pending) if (op.k === 'track' || op.k === 'identify') { op.resolve(null); purged++; }
    this.stats.add('dropped', purged);
    return pending.filter((op) => op.k === 'reset');
  }

  /** Applies the caps, stores the records, resolves their calls, tells listeners and the dispatcher. */
  private async persist({ records, resolves, events }: Built): Promise<void> {
    const queue = this.queue;
    if (!records.length || !queue) return;
    const caps = { maxEvents: this.opts.maxQueueEvents, maxBytes: this.opts.maxQueueBytes };
    const now = Date.now();
    const inFlight = this.dispatcher?.inFlight;
    // events in a request are not evicted: they are about to be acknowledged
    const evict = new Set(pickEvictions([...queue.records.values(), ...records], caps, (id) => (inFlight?.get(id) ?? 0) > now));
    const kept = evict.size ? records.filter((r) => !evict.has(r.id)) : records;
    if (evict.size) {
      void queue.remove([...evict].filter((id) => queue.records.has(id)));
      this.stats.add('dropped', evict.size);
    }
    const adding = queue.add(kept);
    this.refresh();
    await adding;
    this.identity.flush();
    records.forEach((r, i) => resolves[i](evict.has(r.id) ? null : r.id));
    events.forEach((event, i) => {
      if (evict.has(records[i].id)) return;
      for (const listener of this.listeners) {
        try { listener(event); } catch { /* a listener's error never breaks tracking */ }
      }
    });
    this.dispatcher?.added(kept);
    this.refresh();
  }

  refresh(): void {
    const queue = this.queue;
    if (!queue) return;
    const now = Date.now();
    let inFlight = 0;
    for (const id of queue.records.keys()) if ((this.dispatcher?.inFlight.get(id) ?? 0) > now) inFlight++;
    this.stats.patch({ queued: queue.records.size - inFlight, inFlight });
  }

  stop(): void {
    this.dispatcher?.stop();
    this.stopExit();
    this.offOnline();
  }
}
