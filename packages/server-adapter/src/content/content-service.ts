import type { Promotion } from '@focal/sdk-core/contracts';
import { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.js';
import { ContentProviderError, type ContentProvider, type SkippedEntry } from './provider.js';

/** Options of {@link createContentService}. */
export interface ContentServiceOptions {
  provider: ContentProvider;
  /** How long fetched content counts as fresh; after that it is served while a refresh runs. @default 60000 */
  ttlMs?: number;
  /** Abort a CMS call after this long. @default 2000 */
  timeoutMs?: number;
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
   * All promotions (any slot): fresh from cache, else refreshed; the last good content when the CMS fails.
   * `cached` says whether the answer came from the cache without waiting for the CMS.
   */
  promotions(): Promise<{ promotions: Promotion[]; state: ContentState; cached: boolean }>;
  /** Content changed (webhook): the next read waits for a refresh, which starts now. */
  invalidate(): void;
  status(): ContentStatus;
}

/**
 * Wraps a provider with an in-process cache, a per-call timeout and a circuit breaker. Expired content is served at
 * once while a refresh runs in the background; after `invalidate()` readers wait for the refresh (bounded by the
 * timeout). When the CMS fails or the breaker is open, the last good content keeps being served ("stale"); before
 * any success, an empty list ("empty").
 */
export function createContentService(options: ContentServiceOptions): ContentService {
  const { provider } = options;
  const ttl = options.ttlMs ?? 60_000;
  const timeout = options.timeoutMs ?? 2_000;
  const now = options.now ?? Date.now;
  const breaker = new CircuitBreaker({ now, ...options.breaker });
  let good: Promotion[] | undefined;
  let fetchedAt = -Infinity;
  let invalidated = false;
  let inFlight: Promise<void> | undefined;
  let lastError: string | undefined;
  let lastSuccessAt: number | undefined;
  let skipped: SkippedEntry[] = [];
  let fetches = 0;
  /** Bumped by every invalidation, so a refresh that started before one does not count as fresh after it. */
  let generation = 0;
  /** Until when the CMS asked not to be called (a 429's or 503's Retry-After), epoch ms. */
  let waitUntil = -Infinity;
  let waitReason = '';

  async function refresh(): Promise<void> {
    const started = generation;
    if (now() < waitUntil) {
      // the CMS said when to come back: calling earlier only prolongs its rate limit (webhooks included)
      lastError = `${waitReason}; not called again before ${new Date(waitUntil).toISOString()}, serving the last good content`;
      return;
    }
    if (!breaker.tryAcquire()) {
      lastError = `circuit open after repeated ${provider.name} failures; serving the last good content`;
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeout} ms`)), timeout);
    fetches++;
    try {
      const result = await provider.fetchPromotions(controller.signal);
      good = result.promotions;
      skipped = result.skipped;
      fetchedAt = now();
      lastSuccessAt = fetchedAt;
      lastError = undefined;
      if (started === generation) invalidated = false;
      breaker.success();
      if (result.skipped.length) options.onProblem?.('content entries skipped', { provider: provider.name, skipped: result.skipped });
    } catch (error) {
      breaker.failure();
      const reason = controller.signal.aborted ? `timed out after ${timeout} ms` : (error as Error).message;
      if (error instanceof ContentProviderError && error.retryAfterMs !== undefined) {
        waitUntil = now() + error.retryAfterMs;
        waitReason = reason;
      }
      lastError = reason;
      options.onProblem?.('content refresh failed', { provider: provider.name, error: reason, breaker: breaker.state });
    } finally {
      clearTimeout(timer);
    }
  }

  function startRefresh(): Promise<void> {
    inFlight ??= refresh().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  /** Refreshes until the content is newer than the last invalidation (at most twice: one may have been in flight). */
  async function refreshAfterInvalidation(): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      await startRefresh();
      if ((good && !invalidated) || lastError) return;
    }
  }

  const served = (): { promotions: Promotion[]; state: ContentState } => {
    if (!good) return { promotions: [], state: 'empty' };
    const fresh = !invalidated && now() - fetchedAt < ttl && !lastError;
    return { promotions: good, state: fresh ? 'fresh' : 'stale' };
  };

  return {
    async promotions() {
      const expired = now() - fetchedAt >= ttl;
      if (good && !invalidated && !expired) return { ...served(), cached: true };
      if (good && !invalidated) {
        void startRefresh();
        return { ...served(), cached: true };
      }
      await refreshAfterInvalidation();
      return { ...served(), cached: false };
    },
    invalidate() {
      invalidated = true;
      generation++;
      provider.invalidate?.();
      void startRefresh();
    },
    status: () => ({
      provider: provider.name, state: served().state, breaker: breaker.state, promotions: good?.length ?? 0,
      ...(lastSuccessAt !== undefined ? { lastSuccessAt } : {}), ...(lastError ? { lastError } : {}), skipped, fetches,
    }),
  };
}
