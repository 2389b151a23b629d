import type { Promotion } from '@focal/sdk-core/contracts';
import { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.js';
import { ContentProviderError, type ContentProvider, type SkippedEntry } from './provider.js';
import { matchLocale } from './locale.js';

/** Options of {@link createContentService}. */
export interface ContentServiceOptions {
  provider: ContentProvider;
  /** How long fetched content counts as fresh; after that it is served while a refresh runs. @default 60000 */
  ttlMs?: number;
  /** Abort a CMS call after this long. @default 2000 */
  timeoutMs?: number;
  /**
   * After `invalidate()` (a webhook), how long a reader waits for the new content before it gets the content it
   * replaces (`stale`) while the refresh goes on: below the browser's 800 ms, so a publish during a slow CMS answer
   * never leaves shoppers' slots timing out. Without any content yet, readers wait for the CMS (up to `timeoutMs`).
   * @default 400
   */
  invalidatedWaitMs?: number;
  breaker?: CircuitBreakerOptions;
  /** Clock in epoch ms (tests). */
  now?: () => number;
  /** Told about failed refreshes and skipped entries (the adapter logs them). */
  onProblem?: (message: string, details: Record<string, unknown>) => void;
}

/** Where the served content came from. */
export type ContentState = 'fresh' | 'stale' | 'empty';

/** Health of the content source, for logs and tests. */
export interface ContentStatus {
  provider: string;
  state: ContentState;
  breaker: BreakerState;
  promotions: number;
  lastSuccessAt?: number;
  lastError?: string;
  skipped: SkippedEntry[];
  fetches: number;
}

/** Cached, resilient access to the promotions of one provider. */
export interface ContentService {
  /**
   * All promotions (any slot) in the CMS locale that matches `locale` (the shop page's, e.g. `fr-CA`; see
   * `matchLocale`), else the default one: fresh from cache, else refreshed; the last good content of that locale when
   * the CMS fails. `cached` says whether the answer came from the cache without waiting for the CMS; `locale` is the
   * CMS locale served (undefined: the CMS's default, which the configuration does not name).
   */
  promotions(locale?: string): Promise<{ promotions: Promotion[]; state: ContentState; cached: boolean; locale?: string }>;
  /**
   * Content changed (webhook): a refresh of every locale starts now; reads wait for it up to `invalidatedWaitMs`
   * (then get the previous content), or for as long as it takes when there is none.
   */
  invalidate(): void;
  status(): ContentStatus;
}

/** The cache of one CMS locale. */
interface LocaleCache {
  locale?: string;
  good?: Promotion[];
  fetchedAt: number;
  invalidated: boolean;
  inFlight?: Promise<void>;
  lastError?: string;
  lastSuccessAt?: number;
  skipped: SkippedEntry[];
}

/**
 * Wraps a provider with an in-process cache per CMS locale, a per-call timeout and a circuit breaker (one for the
 * CMS, whatever the locale). Expired content is served at once while a refresh runs in the background; after
 * `invalidate()` readers wait for the refresh up to `invalidatedWaitMs`, then get the previous content ("stale"). When the CMS fails or the breaker is open,
 * the last good content keeps being served ("stale"); before any success, an empty list ("empty"). Only the
 * provider's configured locales are cached, however many a request names.
 */
export function createContentService(options: ContentServiceOptions): ContentService {
  const { provider } = options;
  const ttl = options.ttlMs ?? 60_000;
  const timeout = options.timeoutMs ?? 2_000;
  const invalidatedWait = options.invalidatedWaitMs ?? 400;
  const now = options.now ?? Date.now;
  const breaker = new CircuitBreaker({ now, ...options.breaker });
  /** The locales a request may be served in: the default first, so `en-AU` gets it rather than another English. */
  const known = [...(provider.defaultLocale ? [provider.defaultLocale] : []), ...(provider.locales ?? [])];
  const caches = new Map<string, LocaleCache>();
  let fetches = 0;
  /** Bumped by every invalidation, so a refresh that started before one does not count as fresh after it. */
  let generation = 0;
  /** Until when the CMS asked not to be called (a 429's or 503's Retry-After), epoch ms. */
  let waitUntil = -Infinity;
  let waitReason = '';

  /** The cache of the CMS locale a request's locale maps to (the default one's for no match). */
  const cacheFor = (requested?: string): LocaleCache => {
    const matched = matchLocale(requested, known);
    const locale = matched === provider.defaultLocale ? undefined : matched;
    const key = locale ?? '';
    let cache = caches.get(key);
    if (!cache) caches.set(key, cache = { locale, fetchedAt: -Infinity, invalidated: false, skipped: [] });
    return cache;
  };

  async function refresh(cache: LocaleCache): Promise<void> {
    const started = generation;
    if (now() < waitUntil) {
      // the CMS said when to come back: calling earlier only prolongs its rate limit (webhooks included)
      cache.lastError = `${waitReason}; not called again before ${new Date(waitUntil).toISOString()}, serving the last good content`;
      return;
    }
    if (!breaker.tryAcquire()) {
      cache.lastError = `circuit open after repeated ${provider.name} failures; serving the last good content`;
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeout} ms`)), timeout);
    fetches++;
    const locale = cache.locale ? { locale: cache.locale } : {};
    try {
      const result = await (cache.locale ? provider.fetchPromotions(controller.signal, cache.locale) : provider.fetchPromotions(controller.signal));
      cache.good = result.promotions;
      cache.skipped = result.skipped;
      cache.fetchedAt = now();
      cache.lastSuccessAt = cache.fetchedAt;
      cache.lastError = undefined;
      if (started === generation) cache.invalidated = false;
      breaker.success();
      if (result.skipped.length) options.onProblem?.('content entries skipped', { provider: provider.name, ...locale, skipped: result.skipped });
    } catch (error) {
      breaker.failure();
      const reason = controller.signal.aborted ? `timed out after ${timeout} ms` : (error as Error).message;
      if (error instanceof ContentProviderError && error.retryAfterMs !== undefined) {
        waitUntil = now() + error.retryAfterMs;
        waitReason = reason;
      }
      cache.lastError = reason;
      options.onProblem?.('content refresh failed', { provider: provider.name, ...locale, error: reason, breaker: breaker.state });
    } finally {
      clearTimeout(timer);
    }
  }

  function startRefresh(cache: LocaleCache): Promise<void> {
    cache.inFlight ??= refresh(cache).finally(() => {
      cache.inFlight = undefined;
    });
    return cache.inFlight;
  }

  /** Refreshes until the content is newer than the last invalidation (at most twice: one may have been in flight). */
  async function refreshAfterInvalidation(cache: LocaleCache): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      await startRefresh(cache);
      if ((cache.good && !cache.invalidated) || cache.lastError) return;
    }
  }

  const served = (cache: LocaleCache): { promotions: Promotion[]; state: ContentState } => {
    if (!cache.good) return { promotions: [], state: 'empty' };
    const fresh = !cache.invalidated && now() - cache.fetchedAt < ttl && !cache.lastError;
    return { promotions: cache.good, state: fresh ? 'fresh' : 'stale' };
  };

  return {
    async promotions(requested?: string) {
      const cache = cacheFor(requested);
      const locale = cache.locale ?? provider.defaultLocale;
      const answer = (cached: boolean) => ({ ...served(cache), cached, ...(locale ? { locale } : {}) });
      const expired = now() - cache.fetchedAt >= ttl;
      if (cache.good && !cache.invalidated && !expired) return answer(true);
      if (cache.good && !cache.invalidated) {
        void startRefresh(cache);
        return answer(true);
      }
      if (!cache.good) {
        await refreshAfterInvalidation(cache);
        return answer(false);
      }
      // invalidated: the new content if it comes in time, else the one it replaces while the refresh goes on
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = new Promise<void>((resolve) => { timer = setTimeout(resolve, invalidatedWait); });
      await Promise.race([refreshAfterInvalidation(cache), waited]);
      clearTimeout(timer);
      return answer(false);
    },
    invalidate() {
      generation++;
      provider.invalidate?.();
      cacheFor(); // (the default locale's, read or not yet)
      // every locale read so far: a French page after a publish must not keep the French promotions of before
      for (const cache of caches.values()) {
        cache.invalidated = true;
        void startRefresh(cache);
      }
    },
    status: () => {
      const cache = cacheFor();
      return {
        provider: provider.name, state: served(cache).state, breaker: breaker.state, promotions: cache.good?.length ?? 0,
        ...(cache.lastSuccessAt !== undefined ? { lastSuccessAt: cache.lastSuccessAt } : {}), ...(cache.lastError ? { lastError: cache.lastError } : {}),
        skipped: cache.skipped, fetches,
      };
    },
  };
}
