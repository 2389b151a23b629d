import { signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type { Promotion } from '../contracts/index.js';
import { freshCache, shopperOf, type RecCache } from './cache.js';
import { isPromotion } from './guards.js';
import { followShopper } from './shopper.js';
import { checkClientOptions } from './options.js';
import { requestJson, type TransportOptions } from './transport.js';
import { DEV, SCRIPT_TAG } from '../tracking/build.js';

/** Whether a promotion has not ended yet (no `endsAt`, or one still ahead). */
const live = (p: Promotion) => !(Date.parse(p.endsAt!) <= Date.now());

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
  /** Last-good promotions per store and slot (keys `<endpoint>|<siteKey>|content:<slot>`, with `|<locale>` for a slot asked in one); `false` disables caching. @default idbCache() (IndexedDB, memory fallback) */
  cache?: RecCache<unknown> | false;
  /** Cached promotions older than this are not shown. @default 7 days */
  maxAgeMs?: number;
}

export interface ContentClient {
  /**
   * The live state of a CMS slot, fetched once per slot and locale (`GET /v1/content?slot=&locale=`), again for
   * another shopper (sign-in, sign-out, another tab) while it is on screen, and again when asked for a minute or more
   * after it last was (an SPA's next view: a sale that has started since shows, one that has ended goes at once). `locale`: the page's language (`fr-CA`;
   * `fr_CA` is read as `fr-CA`), which the adapter maps to one of the CMS's locales, else its default; absent, the
   * adapter's default locale. A value that is not a language tag throws.
   */
  slot(slot: string, locale?: string): { state: ReadonlySignal<ContentState>; retry(): void };
  /**
   * Stops following the shopper, drops answers still on their way, and closes the client's own cache (its share of the
   * IndexedDB connection, once the reads and writes under way are done). `createContentClient` has it; a content
   * client you write yourself (e.g. a test double given to widgets) may leave it out.
   */
  dispose?(): void;
}

/**
 * Creates the content (promotions) client. Invalid promotions in an answer are dropped, the valid ones shown.
 * Stale-while-revalidate, like the recommendation client: a slot shows its last good promotions from the cache at
 * once while fresh ones load, and keeps showing them (status `error`) when the adapter or the CMS cannot answer.
 * Slots follow the shopper like placements do: while one is on screen (its state subscribed), `anonymousId()` and
 * `userToken()` are checked every second (and when a slot is asked for again); another shopper has every slot asked
 * again, the previous shopper's promotions leaving at once (a shopper who just signed in keeps the anonymous ones
 * until theirs arrive), and an answer asked for the previous shopper is dropped.
 * @example createContentClient({ endpoint: 'https://recs.shop.example', siteKey: 'pk_demo' }).slot('home-hero')
 */
export function createContentClient(options: ContentClientOptions): Required<ContentClient> {
  if (!SCRIPT_TAG && (!options?.endpoint || !options.siteKey)) throw new Error('createContentClient needs { endpoint, siteKey }');
  if (!SCRIPT_TAG) checkClientOptions('createContentClient', options);
  const transport = { ...options, timeoutMs: (SCRIPT_TAG ? undefined : options.timeoutMs) ?? 800 };
  const cache = freshCache<unknown>(options);
  const slots = new Map<string, ReturnType<ContentClient['slot']> & { state: Signal<ContentState>; at: number; again(signedIn: boolean): void }>();
  /** Counts the shopper changes (and dispose): an answer asked for before the latest one is not shown. */
  let generation = 0;
  const shopper = followShopper(options, (signedIn) => {
    generation++;
    slots.forEach((s) => s.again(signedIn));
  });
  const slotState: ContentClient['slot'] = (slot, locale) => {
    if (typeof slot !== 'string' || !/^[\w-]{1,64}$/.test(slot)) {
      throw new Error(DEV ? `focal: content slot must be 1-64 letters, digits, _ or -; got ${JSON.stringify(slot)}` : 'focal: content slot must be 1-64 letters, digits, _, - (focal.dev.js explains)');
    }
    // (the script tag's widgets pass it checked already: promoLocale)
    if (!SCRIPT_TAG && locale !== undefined) {
      try {
        locale = Intl.getCanonicalLocales(locale.replace(/_/g, '-'))[0];
      } catch {
        throw new Error(DEV ? `focal: content locale must be a language tag such as "fr" or "fr-FR"; got ${JSON.stringify(locale)}` : 'focal: content locale must be a language tag (focal.dev.js explains)');
      }
    }
    // asked for (again, e.g. an SPA's next view) right after a sign-in or sign-out: every slot is asked again
    queueMicrotask(shopper.check);
    // one state per slot and locale: the French page's promotions are never shown (nor cached) as the English page's
    const key = `content:${slot}${locale ? `|${locale}` : ''}`;
    const known = slots.get(key);
    if (known) {
      // an SPA's next view a minute or more on: asked again (a sale that has started since shows); what has ended goes at once
      if (Date.now() - known.at >= 6e4) {
        known.state.value = { ...known.state.value, promotions: known.state.value.promotions.filter(live) };
        known.again(true);
      }
      return known;
    }
    const loading: ContentState = { status: 'loading', slot, promotions: [] };
    const state = signal(loading, shopper.watch);
    const show = (promotions: Promotion[], source?: ContentState['source'], status: ContentState['status'] = promotions.length ? 'ready' : 'empty') => {
      state.value = { status, slot, promotions, source };
    };
    const load = async () => {
      entry.at = Date.now();
      const asked = generation;
      let answered = false;
      let cached: Promise<void> | undefined;
      try {
        // promotions may target the shopper (a segment): stored and read back for them only
        const who = shopperOf(options);
        // a cached promotion that has ended since (a sale stored last week) is not shown again
        cached = cache.get(key, who).then((hit) => { if (!answered && asked === generation && Array.isArray(hit)) show(hit.filter((p) => isPromotion(p) && live(p)), 'cache'); });
        const { promotions } = await requestJson(transport, `/v1/content?slot=${encodeURIComponent(slot)}${locale ? `&locale=${locale}` : ''}`) as { promotions: unknown[] };
        if (asked !== generation) return; // asked for the previous shopper: the current one's answer is on its way
        const valid = promotions.filter(isPromotion);
        answered = true;
        show(valid, 'server');
        cache.set(key, valid, who);
      } catch {
        await cached;
        answered = true;
        if (asked === generation) show(state.value.promotions, state.value.source, 'error');
      }
    };
    const entry = {
      state,
      /** When it was last asked for. */
      at: 0,
      retry: () => { show(state.value.promotions, state.value.source, 'loading'); void load(); },
      // another shopper: the previous one's promotions go at once (unless they just signed in), and the slot is asked again
      again: (signedIn: boolean) => {
        if (!signedIn) state.value = loading;
        void load();
      },
    };
    slots.set(key, entry);
    void load();
    return entry;
  };
  // The script tag never hands its content client out: nobody there can call dispose().
  return (SCRIPT_TAG ? { slot: slotState } : {
    slot: slotState,
    dispose: () => {
      generation++;
      shopper.stop();
      slots.clear();
      cache.close();
    },
  }) as Required<ContentClient>;
}
