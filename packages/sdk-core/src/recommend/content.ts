import { signal, type ReadonlySignal } from '@preact/signals-core';
import type { Promotion } from '../contracts/index.js';
import { freshCache, shopperOf, type RecCache } from './cache.js';
import { isPromotion } from './guards.js';
import { requestJson, type TransportOptions } from './transport.js';
import { DEV, SCRIPT_TAG } from '../tracking/build.js';

/** A promo slot's state: settles to ready, empty or error within the timeout. */
export interface ContentState {
  status: 'loading' | 'ready' | 'empty' | 'error';
  slot: string;
  /** What to show: fresh, or the last good answer (`source: 'cache'`), also after an error. */
  promotions: Promotion[];
  source?: 'server' | 'cache';
}

export interface ContentClientOptions extends Omit<TransportOptions, 'timeoutMs'> {
  /** Give up on the server after this many ms. @default 800 */
  timeoutMs?: number;
  /** Last-good promotions per store and slot (keys `<endpoint>|<siteKey>|content:<slot>`); `false` disables caching. @default idbCache() (IndexedDB, memory fallback) */
  cache?: RecCache<unknown> | false;
  /** Cached promotions older than this are not shown. @default 7 days */
  maxAgeMs?: number;
}

export interface ContentClient {
  /** The live state of a CMS slot, fetched once per slot (`GET /v1/content?slot=`). */
  slot(slot: string): { state: ReadonlySignal<ContentState>; retry(): void };
}

/**
 * Creates the content (promotions) client. Invalid promotions in an answer are dropped, the valid ones shown.
 * Stale-while-revalidate, like the recommendation client: a slot shows its last good promotions from the cache at
 * once while fresh ones load, and keeps showing them (status `error`) when the adapter or the CMS cannot answer.
 * @example createContentClient({ endpoint: 'https://recs.shop.example', siteKey: 'pk_demo' }).slot('home-hero')
 */
export function createContentClient(options: ContentClientOptions): ContentClient {
  if (!SCRIPT_TAG && (!options?.endpoint || !options.siteKey)) throw new Error('createContentClient needs { endpoint, siteKey }');
  const transport = { ...options, timeoutMs: (SCRIPT_TAG ? undefined : options.timeoutMs) ?? 800 };
  const cache = freshCache<unknown>(options);
  const slots = new Map<string, ReturnType<ContentClient['slot']>>();
  return {
    slot(slot) {
      if (typeof slot !== 'string' || !/^[\w-]{1,64}$/.test(slot)) {
        throw new Error(DEV ? `focal: content slot must be 1-64 letters, digits, _ or -; got ${JSON.stringify(slot)}` : 'focal: content slot must be 1-64 letters, digits, _, - (focal.dev.js explains)');
      }
      const known = slots.get(slot);
      if (known) return known;
      const key = `content:${slot}`;
      const state = signal<ContentState>({ status: 'loading', slot, promotions: [] });
      const show = (promotions: Promotion[], source?: ContentState['source'], status: ContentState['status'] = promotions.length ? 'ready' : 'empty') => {
        state.value = { status, slot, promotions, source };
      };
      const load = async () => {
        let answered = false;
        let cached: Promise<void> | undefined;
        try {
          // promotions may target the shopper (a segment): stored and read back for them only
          const shopper = shopperOf(options);
          cached = cache.get(key, shopper).then((hit) => { if (!answered && Array.isArray(hit)) show(hit.filter(isPromotion), 'cache'); });
          const { promotions } = await requestJson(transport, `/v1/content?slot=${encodeURIComponent(slot)}`) as { promotions: unknown[] };
          const valid = promotions.filter(isPromotion);
          answered = true;
          show(valid, 'server');
          cache.set(key, valid, shopper);
        } catch {
          await cached;
          answered = true;
          show(state.value.promotions, state.value.source, 'error');
        }
      };
      const entry = { state, retry: () => { show(state.value.promotions, state.value.source, 'loading'); void load(); } };
      slots.set(slot, entry);
      void load();
      return entry;
    },
  };
}
