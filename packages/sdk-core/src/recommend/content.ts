import { signal, type ReadonlySignal } from '@preact/signals-core';
import type { Promotion } from '../contracts/index.js';
import { isPromotion } from './guards.js';
import { requestJson, type TransportOptions } from './transport.js';

/** A promo slot's state: settles to ready, empty or error within the timeout. */
export interface ContentState {
  status: 'loading' | 'ready' | 'empty' | 'error';
  slot: string;
  promotions: Promotion[];
}

export interface ContentClient {
  /** The live state of a CMS slot, fetched once per slot (`GET /v1/content?slot=`). */
  slot(slot: string): { state: ReadonlySignal<ContentState>; retry(): void };
}

/**
 * Creates the content (promotions) client. Invalid promotions in an answer are dropped, the valid ones shown.
 * @example createContentClient({ endpoint: 'https://recs.shop.example', siteKey: 'pk_demo' }).slot('home-hero')
 */
export function createContentClient(options: Omit<TransportOptions, 'timeoutMs'> & { timeoutMs?: number }): ContentClient {
  if (!options?.endpoint || !options.siteKey) throw new Error('createContentClient needs { endpoint, siteKey }');
  const transport = { ...options, timeoutMs: options.timeoutMs ?? 800 };
  const slots = new Map<string, ReturnType<ContentClient['slot']>>();
  return {
    slot(slot) {
      if (typeof slot !== 'string' || !/^[\w-]{1,64}$/.test(slot)) throw new Error(`focal: content slot must be 1-64 letters, digits, _ or -; got ${JSON.stringify(slot)}`);
      const known = slots.get(slot);
      if (known) return known;
      const state = signal<ContentState>({ status: 'loading', slot, promotions: [] });
      const load = async () => {
        try {
          const json = await requestJson(transport, `/v1/content?slot=${encodeURIComponent(slot)}`) as { promotions?: unknown };
          if (!Array.isArray(json?.promotions)) throw new Error('no promotions array');
          const promotions = json.promotions.filter(isPromotion);
          state.value = { status: promotions.length ? 'ready' : 'empty', slot, promotions };
        } catch {
          state.value = { status: 'error', slot, promotions: [] };
        }
      };
      const entry = { state, retry: () => { state.value = { status: 'loading', slot, promotions: [] }; void load(); } };
      slots.set(slot, entry);
      void load();
      return entry;
    },
  };
}
