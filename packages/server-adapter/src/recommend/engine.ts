import type { AppContext } from '../http/context.js';
import type { StrategyIndexOptions } from '../strategies/index.js';
import { cacheBudget, memoryAnswerCache, type AnswerCache } from './answer-cache.js';
import { DEFAULT_PLACEMENTS } from './default-placements.js';
import { parsePlacements, type PlacementsConfig } from './placement-schema.js';
import { createPgvectorSearch, detectPgvector, type VectorSupport } from './pgvector.js';
import { redisAnswerCache } from './redis-cache.js';
import { createRecommendationService, type RecommendationService } from './service.js';
import { SiteIndex } from './site-index.js';
import { DEFAULT_ERASURE_RETENTION_DAYS } from '../profiles/erasures.js';
import { assetRegistryOf } from '../routes/assets.js';

/** Tuning of the adapter's recommendation engine. */
export interface RecommendEngineOptions {
  /** Placements; default: `config.placements` merged over {@link DEFAULT_PLACEMENTS}. */
  placements?: PlacementsConfig;
  /** How often (ms) a request triggers a background read of new events and catalog changes. @default 1000 */
  syncIntervalMs?: number;
  /** Seconds a cached answer is served (catalog and stock changes, and the shopper's own events, invalidate sooner). @default 300 */
  cacheSeconds?: number;
  /** Memory the in-process cache may hold, estimated from the answers' JSON size (not used with Redis). @default 64 MiB */
  cacheBytes?: number;
  index?: StrategyIndexOptions;
  /**
   * Start loading every site's index when the engine is created instead of on each site's first request. Off by
   * default: a catalog loaded after start-up would then show only after the next sync (≤ `syncIntervalMs`).
   * @default false
   */
  warm?: boolean;
}

/** The recommendation side of one adapter process: per-site indexes, the cache and the service. */
export interface RecommendEngine {
  service: RecommendationService;
  /** The site's index, loading it on first use. */
  site(siteKey: string): Promise<SiteIndex>;
  /** The site's index when already loaded (and a background sync started when due), else undefined. */
  loaded(siteKey: string): SiteIndex | undefined;
  /** What the kNN runs on (after the first site loaded). */
  vectors(): VectorSupport | undefined;
  cache(): Promise<AnswerCache>;
}

/**
 * Builds the engine over the adapter's store: one {@link SiteIndex} per site (loaded on first request, then tailing
 * the events table), the answer cache (Redis when `redisUrl`/`REDIS_URL` is set, else in-process LRU), pgvector
 * kNN when detected on PostgreSQL, and a listener that folds freshly ingested events in before `POST /v1/events`
 * answers.
 */
export function createRecommendEngine(ctx: AppContext, options: RecommendEngineOptions = {}): RecommendEngine {
  const placements = options.placements
    ?? parsePlacements((ctx.config as { placements?: unknown }).placements, DEFAULT_PLACEMENTS);
  const sites = new Map<string, SiteIndex>();
  const ttlSeconds = options.cacheSeconds ?? 300;
  const maxBytes = cacheBudget(options.cacheBytes, 'cacheBytes'); // checked at once, not at the first request
  let cachePromise: Promise<AnswerCache> | undefined;
  let cacheReady: AnswerCache | undefined;
  const getCache = () => (cachePromise ??= (async () => {
    const url = ctx.config.redisUrl ?? process.env.REDIS_URL;
    let cache: AnswerCache = memoryAnswerCache({ ttlSeconds, maxBytes });
    if (url) {
      // keys of one store only: adapters on other databases (staging, another tenant) may share this Redis and site keys
      let namespace = ctx.config.cacheNamespace;
      try {
        namespace ??= await ctx.store.identity();
      } catch (error) {
        ctx.logger.error('store identity unreadable: using the in-process recommendation cache', { error: (error as Error).message });
      }
      if (namespace !== undefined) {
        try {
          cache = await redisAnswerCache({
            url, ttlSeconds, prefix: `focal:rec:${namespace}:`,
            onError: (error) => ctx.logger.error('recommendation cache (redis) failed', { error: error.message }),
          });
        } catch (error) {
          ctx.logger.error('redis unreachable: using the in-process recommendation cache', { error: (error as Error).message });
        }
      }
    }
    cacheReady = cache;
    return cache;
  })());
  let vectors: VectorSupport | undefined;
  const vectorsPromise = detectPgvector(ctx.sql).then(async (support) => {
    vectors = support;
    ctx.logger.info('recommendations: kNN', { pgvector: support.available, reason: support.reason });
    return support.available ? createPgvectorSearch(ctx.sql) : undefined;
  }).catch(() => undefined);

  // An index that has not read the erasures for half their retention may have missed rows deleted since: load afresh.
  const staleAfterMs = (ctx.config.erasureRetentionDays ?? DEFAULT_ERASURE_RETENTION_DAYS) * 86_400_000 / 2;
  const open = (siteKey: string) => {
    let found = sites.get(siteKey);
    if (found?.isStale(staleAfterMs)) {
      sites.delete(siteKey);
      found = undefined;
    }
    if (!found) {
      found = new SiteIndex(ctx.store, siteKey, options.index ?? {}, () => void cacheReady?.clear(), (message, fields) => ctx.logger.error(message, fields));
      sites.set(siteKey, found);
      found.ready.catch(() => sites.delete(siteKey));
    }
    return found;
  };
  const refresh = (found: SiteIndex) =>
    found.refresh(options.syncIntervalMs ?? 1000, (error) => ctx.logger.error('recommendations: event tail failed', { error: error.message }));
  const site = async (siteKey: string) => {
    const found = open(siteKey);
    await found.ready;
    refresh(found);
    return found;
  };
  const loaded = (siteKey: string) => {
    const found = sites.get(siteKey);
    if (!found?.isReady || found.isStale(staleAfterMs)) return undefined;
    refresh(found);
    return found;
  };

  if (options.warm) {
    // Start loading every known site now, so the first request does not wait for the whole history to be read.
    void ctx.store.sites.list().then((all) => {
      for (const s of all) open(s.siteKey).ready.catch(() => undefined);
    }, () => undefined);
  }

  // An erasure in this process: forget the shopper before DELETE /v1/profiles/me answers (other processes on their next sync).
  ctx.hooks.onForget(async (who) => {
    await sites.get(who.siteKey)?.syncAfter();
  });

  ctx.onClose(async () => {
    if (cachePromise) await (await cachePromise).close?.();
  });

  ctx.hooks.onEvents(async (events) => {
    const keys = new Set(events.map((e) => e.siteKey));
    for (const key of keys) if (sites.has(key)) await sites.get(key)!.sync();
  });

  const service = createRecommendationService({
    index: (siteKey) => {
      const s = sites.get(siteKey);
      if (!s) throw new Error(`site ${siteKey} is not loaded; call engine.site() first`);
      return s.index;
    },
    placements,
    cache: getCache(),
    // the model the adapter serves under /assets/reranker.json: a device ranking with another one re-checks it, so an
    // open page picks up a model activated meanwhile with its next answer
    modelVersion: () => assetRegistryOf(ctx).modelVersion(),
    onCache: (hit) => (hit ? ctx.metrics.cacheHit('recommendations') : ctx.metrics.cacheMiss('recommendations')),
    neighbours: async (siteKey, ids, k) => {
      const search = await vectorsPromise;
      const s = sites.get(siteKey);
      if (!search || !s) return new Map();
      try {
        const knn = s.index.nearest();
        await search.sync(siteKey, s.index.catalog.version, [...s.index.catalog.products.keys()].map((id) => [id, knn.vector(id)!] as [string, Float32Array]));
        return await search.neighbours(siteKey, ids, k);
      } catch (error) {
        ctx.logger.error('pgvector search failed: using the in-process kNN', { error: (error as Error).message });
        return new Map();
      }
    },
  });
  return { service, site, loaded, vectors: () => vectors, cache: getCache };
}
