/**
 * Device reranking for the script-tag bundle: the recommendation client's `reranker` and `onEvent` options (no
 * `sessionState`: the chunk ranks with its own session). All the ranking code lives in the lazy chunk
 * `focal-reranker.min.js` (`script-reranker-chunk.ts`), which this module imports by URL from the adapter's `/assets`
 * on idle after first paint; the chunk then loads the manifest `reranker.json`, the pure-TS model and onnxruntime-web
 * (files under `/assets/ort/`). Until it has loaded,
 * placements show the server order (diversified as the reranker's server order is), and in-session signals (tracked
 * events, `focal.describe` products) are buffered — also in `sessionStorage`, so a page left early loses none —
 * and replayed into the session when the chunk arrives. The session state lives in `sessionStorage`
 * (`focal-session:SITE_KEY`: another store on the same origin keeps its own), so a multi-page store keeps what the
 * shopper did across its pages; it is the tracker's session's (after `focal.reset()`, or 30 min idle, it starts over)
 * and is forgotten when the shopper refuses personalisation. Opt out with `data-reranker="false"` on the script tag.
 */
import type { RecommendClientOptions } from '../../sdk-core/src/recommend/client.js';
import { diversify } from '../../sdk-core/src/ranking/diversity.js';
import { LOAD_RETRIES, LOAD_RETRY_MS } from '../../sdk-core/src/ranking/reranker.js';
import type { RankCandidate } from '../../sdk-core/src/ranking/session-context.js';
import type { BufferedSignal, DeviceReranking } from './script-reranker-chunk.js';

/** Signals kept while the chunk loads (the oldest are dropped beyond this). */
const MAX_PENDING = 200;

/** Runs `fn` after first paint when the browser is idle. */
function whenIdle(fn: () => void): void {
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 50));
  requestAnimationFrame(() => setTimeout(idle, 0));
}

/** The signals buffered in `sessionStorage[key]`: `write` stores them (`[]` removes them); never throws (storage blocked). */
function pendingStore(key: string, write?: BufferedSignal[]): BufferedSignal[] {
  try {
    if (!write) {
      const saved = JSON.parse(sessionStorage.getItem(key) ?? '[]') as unknown;
      return Array.isArray(saved) ? saved : [];
    }
    if (write.length) sessionStorage.setItem(key, JSON.stringify(write));
    else sessionStorage.removeItem(key);
  } catch { /* memory only */ }
  return [];
}

/** The reranker's order before it has a model: server rank, then the default diversity pass. */
const serverOrder = <T extends RankCandidate>(items: T[]): T[] => diversify([...items].sort((a, b) => a.features.rank - b.features.rank));

/** The client options that turn device reranking on, for tracker `focal`, adapter `endpoint` and the store's `siteKey`. */
export function deviceReranking(
  focal: { onEvent(listener: (event: { type: string }) => void): unknown; readonly sessionId?: string },
  endpoint: string,
  siteKey?: string,
): Pick<RecommendClientOptions, 'reranker' | 'onEvent'> & { describe(products: RankCandidate[]): void } {
  const base = endpoint.replace(/\/$/, '');
  const runtimeUrl = new URL(`${base}/assets/focal-reranker.min.js`, location.href).href;
  const key = `focal-session:${siteKey}`;
  const PENDING = `${key}:pending`;
  let device: DeviceReranking | undefined;
  let pending = pendingStore(PENDING);
  let off = false;
  const buffer = (signal: BufferedSignal) => {
    if (off) return;
    pending.push(signal);
    pendingStore(PENDING, pending = pending.slice(-MAX_PENDING));
  };

  /** Tries so far; each imports `#<tries>`, another module to the browser (one that failed may be remembered as such). */
  let tries = 0;
  const load = () => import(/* @vite-ignore */ /* webpackIgnore: true */ `${runtimeUrl}#${tries}`)
    .then((chunk: { createDeviceReranking?: (base: string, key: string, buffered: BufferedSignal[], sessionId: () => string | undefined) => DeviceReranking }) => {
      if (typeof chunk.createDeviceReranking !== 'function') throw new Error(`${runtimeUrl} is not Focal's reranker chunk`);
      device = chunk.createDeviceReranking(base, key, pending, () => focal.sessionId);
      pending = pendingStore(PENDING, []);
    })
    .catch((error: Error) => {
      // not loaded (a network blip, a deploy): tried again 10 s later, then 20 s and 40 s after the previous try, the
      // server order shown and the signals kept meanwhile; then off for the page
      if (tries < LOAD_RETRIES) return void setTimeout(load, LOAD_RETRY_MS << tries++);
      off = true;
      pending = pendingStore(PENDING, []);
      console.warn(`Focal: device reranking off, server order shown (${error.message})`);
    });
  whenIdle(load);

  focal.onEvent((event) => {
    // a shopper who refused personalisation: only that is passed on (nothing of theirs is buffered), and the
    // session's reducer forgets what it held
    const { sessionId, consent } = event as { sessionId?: string; consent?: { personalization?: boolean } };
    if (consent?.personalization === false) {
      pending = [];
      event = { type: 'refused', sessionId, consent } as typeof event;
    }
    if (device) device.observe(event as never);
    else buffer({ event: event as never });
  });

  return {
    reranker: {
      rerank<T extends RankCandidate>(items: T[], _state?: unknown, modelVersion?: string) {
        if (device) return device.rerank(items, modelVersion);
        buffer({ products: items });
        return serverOrder(items);
      },
      version: () => device?.version(),
    } as RecommendClientOptions['reranker'],
    /** `focal.describe(products)`: products the page lists outside Focal's placements, so views of them count. */
    describe: (products) => (device ? device.describe(products) : buffer({ products })),
    // the session hears every event (subscribed above, so before the clients): also pages without placements count
    onEvent: focal.onEvent.bind(focal) as RecommendClientOptions['onEvent'],
  };
}
