import { batch, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type { Candidate, RecommendationRequest, RecommendationResponse } from '../contracts/index.js';
import { MAX_PLACEMENTS_PER_REQUEST } from '../contracts/limits.js';
import { isShowable, requestProblem } from './guards.js';
import { checkInitialResults } from './initial-results.js';
import { createBreaker } from './breaker.js';
import { freshCache, type RecCache } from './cache.js';
import { followShopper } from './shopper.js';
import { fetchBatch, type AnsweredRecommendation, type TransportOptions } from './transport.js';
import { createReranking } from './rerank.js';
import { checkClientOptions } from './options.js';
import { DEV, SCRIPT_TAG } from '../tracking/build.js';
import type { ItemSource, ObservedEvent, PlacementItem, PlacementRequest, PlacementState, RerankerLike } from './types.js';

export interface RecommendClientOptions extends Omit<TransportOptions, 'timeoutMs'> {
  /** Give up on the server after this many ms; the placement then shows cached items or errors. @default 800 */
  timeoutMs?: number;
  /** Consecutive failures that open the circuit, and how long it stays open. @default { threshold: 3, cooldownMs: 10000 } */
  breaker?: { threshold?: number; cooldownMs?: number };
  /** Last-good answers; `false` disables caching. @default idbCache() (IndexedDB, memory fallback) */
  cache?: RecCache | false;
  /** Cached answers older than this are not shown. @default 7 days */
  maxAgeMs?: number;
  /** Reorders items on the device on arrival and on in-session events. */
  reranker?: RerankerLike;
  /** The on-device session state handed to `reranker.rerank`. */
  sessionState?: () => unknown;
  /** Subscribes to tracked events (the tracker's `onEvent`), to rerank on in-session signals. */
  onEvent?: (listener: (event: ObservedEvent) => void) => unknown;
  /** Event types that trigger a rerank. @default product_view, add_to_cart, remove_from_cart, rec_click, purchase */
  rerankOn?: string[];
  /**
   * The shopper's consent to personalisation (the tracker's `consentState?.personalization`): while it answers
   * `false`, nothing is reranked on the device and placements keep the server's order.
   */
  personalization?: () => boolean | undefined;
  /**
   * Answers already fetched (server-side rendering): placements with one show it without a request. An answer as
   * `fetchBatch` gives it carries its `request` and goes to the placement asked with the same items and limit (one
   * placement may be on the page twice, for two cart lines); one without goes to the first placement of its name.
   */
  initialResults?: AnsweredRecommendation[];
  /** Let a product appear in several placements of one page. */
  allowDuplicates?: boolean;
}

/** One placement's live state and its controls. */
export interface PlacementHandle {
  readonly key: string;
  readonly request: PlacementRequest;
  readonly state: ReadonlySignal<PlacementState>;
  /** The state the placement started with (before device reranking): what server-side rendering showed. */
  readonly initial: PlacementState;
  /** Asks the server again (also when the circuit is open). */
  retry(): void;
  /** Stops sharing this handle; the entry is forgotten once nobody holds it. */
  release(): void;
}

export interface RecommendClient {
  /** Registers a placement; all placements registered in the same microtask go out in one request. */
  placement(request: PlacementRequest): PlacementHandle;
  /** Reranks every placement on screen now. */
  rerank(): void;
  /**
   * Stops listening to events (tracked ones, `online`) and closes the client's own cache (its share of the IndexedDB
   * connection, once the reads and writes under way are done).
   */
  dispose(): void;
}

/** A placement's handle is also its entry in the client (the fields below are the client's own). */
interface Entry extends PlacementHandle {
  state: Signal<PlacementState>;
  initial: PlacementState;
  base: PlacementItem[];
  version: number;
  refs: number;
  forced?: boolean;
}

/** The cache/request key of a placement request. */
export function requestKey(r: RecommendationRequest): string {
  return `${r.placement}|${(r.items ?? []).join(',')}|${r.limit ?? ''}`;
}

const LOADING: PlacementState = { status: 'loading', items: [] };

/**
 * Creates the recommendation client: batches placements into one `POST /v1/recommendations`, times out,
 * breaks the circuit after repeated failures, serves last-good answers while fresh ones load, and reranks
 * on the device. Every placement settles to ready, empty or error within `timeoutMs`.
 * The script tag configures the client itself: options only ESM and React callers pass are read behind `!SCRIPT_TAG`.
 */
export function createRecommendClient(options: RecommendClientOptions): RecommendClient {
  if (!SCRIPT_TAG && (!options?.endpoint || !options.siteKey)) {
    throw new Error('createRecommendClient needs { endpoint, siteKey }, e.g. { endpoint: "https://recs.shop.example", siteKey: "pk_live_…" }');
  }
  // the hooks are called later, on a request or a tracked event: a wrong type is named now, not thrown then
  if (!SCRIPT_TAG) checkClientOptions('createRecommendClient', options);
  const timeoutMs = (SCRIPT_TAG ? undefined : options.timeoutMs) ?? 800;
  const transport: TransportOptions = { ...options, timeoutMs };
  const breaker = SCRIPT_TAG ? createBreaker() : createBreaker(options.breaker?.threshold, options.breaker?.cooldownMs);
  const cache = freshCache<RecommendationResponse>(options);
  const entries = new Map<string, Entry>();
  // (by the request an answer carries, else by its placement alone)
  const primed = /* @__PURE__ */ new Map<string, RecommendationResponse>(SCRIPT_TAG ? undefined : checkInitialResults(options.initialResults).map((r) => [r.request ? requestKey(r.request) : r.placement, r]));
  const reranking = createReranking(options, () => entries.values());
  let pending: Entry[] = [];
  /** Counts the shopper changes (and dispose): an answer asked for before the latest one is not shown. */
  let generation = 0;

  /**
   * The shopper the placements' answers are for, as last seen. Another one (signed in or out, here or in another tab
   * of the store): every placement is asked again for them. What the previous shopper was shown goes at once, unless
   * the same anonymous shopper just signed in (their anonymous answers stay until the signed-in ones arrive).
   */
  const shopper = followShopper(options, (signedIn) => {
    generation++;
    for (const e of entries.values()) {
      // one nobody holds is forgotten now (shown again, it is asked for anew)
      if (e.refs <= 0) {
        entries.delete(e.key);
        continue;
      }
      e.version++;
      if (!signedIn) {
        e.base = [];
        e.state.value = LOADING;
      }
      enqueue(e);
    }
  });

  function show(e: Entry, response: RecommendationResponse, source: ItemSource, status: PlacementState['status'] = 'ready', rerank = true) {
    e.version++;
    e.base = response.items.map((c: Candidate, i) => ({ ...c, serverRank: i }));
    // (not the answer's modelVersion, the model the device should use: the server order is no model's, so only a
    // list the device reranks names one; the reranker is told it, to re-check its own model against it)
    const { requestId, variant, strategy, modelVersion } = response;
    // One notification: a synchronous reranker's order replaces the server order before anyone renders it.
    batch(() => {
      e.state.value = { status: e.base.length ? status : 'empty', items: e.base, requestId, variant, strategy, source };
      if (rerank) reranking.apply(e, modelVersion);
    });
  }

  /**
   * Error: keeps what is shown (cached items), else the request's fallback items (no request id), else nothing
   * (`refused` when the adapter refused the request: asking again would get the same answer).
   */
  function fail(e: Entry, refused?: boolean) {
    const current = e.state.value;
    const { fallback, placement } = e.request;
    if (current.items.length) e.state.value = { ...current, status: 'error' };
    else if (fallback?.length) show(e, { requestId: undefined as never, placement, strategy: 'fallback', items: fallback }, 'fallback', 'error');
    else e.state.value = refused ? { status: 'error', items: [], refused } : { status: 'error', items: [] };
  }

  async function load(batch: Entry[]) {
    const asked = generation;
    const who = shopper.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => { timer = setTimeout(reject, timeoutMs); });
    deadline.catch(() => undefined);
    let forced = false;
    const lookups = batch.map((e) => {
      const version = e.version;
      forced ||= !!e.forced;
      e.forced = false;
      return Promise.race([cache.get(e.key, who), deadline]).then((hit) => { if (hit && e.version === version) show(e, hit, 'cache'); }, () => undefined);
    });
    try {
      if (!forced && !breaker.allow()) throw 0;
      let results: Awaited<ReturnType<typeof fetchBatch>> = [];
      // A placement the adapter refuses by name (a 400 naming `placements.N`: not configured, limit above its maximum…)
      // errors alone, with the adapter's reason in the console; the others are asked again, within the same deadline.
      while (batch.length) {
        try {
          results = await Promise.race([
            fetchBatch(transport, {
              placements: batch.map(({ request: { placement, items, limit } }) => ({ placement, items, limit })),
              ...(!SCRIPT_TAG && options.allowDuplicates && { allowDuplicates: true }),
            }),
            deadline,
          ]);
          break;
        } catch (error) {
          const at = /^placements\.(\d+)\./.exec((error as { field?: string } | undefined)?.field!);
          const [e] = at ? batch.splice(+at[1], 1) : [];
          if (!e) throw error;
          console.warn(`focal: ${(error as Error).message}`);
          fail(e, true);
        }
      }
      if (asked !== generation) return; // asked for the previous shopper: the current one's answer is on its way
      breaker.success();
      batch.forEach((e, i) => {
        // the answer in its place (one per placement asked for, in order): not another one of the same name, which
        // may be there for other items (two cart lines)
        const { key, request: { placement } } = e;
        const result = results[i];
        if (result?.placement !== placement) return fail(e);
        show(e, result, 'server');
        cache.set(key, result, who);
      });
    } catch (error) {
      // (not asked: the open circuit (0) is no failure of the server, nor a reason to keep it open longer)
      if (error !== 0) breaker.failure();
      // refused as a whole (a wrong site key, an origin not allowed…): the developer reads the adapter's reason
      const refused = (error as { refused?: boolean } | undefined)?.refused;
      if (refused) console.warn(`focal: ${(error as Error).message}`);
      await Promise.all(lookups);
      if (asked === generation) batch.forEach((e) => fail(e, refused));
    } finally {
      clearTimeout(timer);
    }
  }

  function enqueue(e: Entry) {
    if (!pending.length) {
      queueMicrotask(() => {
        shopper.check(); // (another shopper: every placement is asked again, these with them)
        const all = pending;
        pending = [];
        for (let i = 0; i < all.length; i += MAX_PLACEMENTS_PER_REQUEST) void load(all.slice(i, i + MAX_PLACEMENTS_PER_REQUEST));
      });
    }
    if (!pending.includes(e)) pending.push(e);
  }

  function placement(request: PlacementRequest): PlacementHandle {
    const { fallback, ...wire } = request ?? ({} as PlacementRequest);
    const problem = requestProblem(wire);
    if (problem) throw new Error(`focal: ${problem} (${DEV ? 'e.g. { placement: "pdp-similar", items: ["SKU1"], limit: 8 }' : 'focal.dev.js explains'})`);
    const data: RecommendationRequest = { placement: wire.placement, items: wire.items, limit: wire.limit };
    const key = requestKey(data);
    const known = entries.get(key);
    if (known) {
      known.refs++;
      // shown again (an SPA's next view) right after a sign-in or sign-out: asked again for the shopper of now
      queueMicrotask(shopper.check);
      return known;
    }
    const state = signal<PlacementState>(LOADING, shopper.watch);
    const e: Entry = {
      key, request: { ...data, fallback: fallback?.filter((c, i) => isShowable(c, `fallback[${i}]`)) }, state, initial: LOADING, base: [], version: 0, refs: 1,
      retry() {
        if (state.value.status === 'loading') return;
        e.forced = true;
        if (!state.value.items.length) state.value = LOADING;
        enqueue(e);
      },
      release() {
        if (--e.refs <= 0) setTimeout(() => { if (e.refs <= 0 && entries.get(key) === e) entries.delete(key); }, 0);
      },
    };
    entries.set(key, e);
    const at = primed.has(key) ? key : data.placement;
    const first = !SCRIPT_TAG && primed.get(at);
    if (first) {
      primed.delete(at);
      show(e, first, 'server', 'ready', false);
      e.initial = state.value;
      setTimeout(() => reranking.apply(e, first.modelVersion), 0);
    } else {
      enqueue(e);
    }
    return e;
  }

  // Back online: the placements that failed meanwhile ask again by themselves (not only by their "Try again" button).
  // (not one the adapter refused: it would refuse it again)
  const online = () => entries.forEach((e) => { if (e.refs > 0 && e.state.value.status === 'error' && !e.state.value.refused) e.retry(); });
  globalThis.addEventListener?.('online', online);

  // The script tag never hands its client out: nobody there can call rerank() or dispose().
  return (SCRIPT_TAG ? { placement } : {
    placement,
    rerank: reranking.all,
    dispose: () => {
      globalThis.removeEventListener?.('online', online);
      generation++;
      shopper.stop();
      reranking.dispose();
      entries.clear();
      cache.close();
    },
  }) as RecommendClient;
}
