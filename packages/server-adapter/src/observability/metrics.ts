import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one adapter instance (its own registry, so several instances can live in one process).
 * Feature modules increment `cacheHit`/`cacheMiss` for their caches and may register their own metrics on `registry`.
 */
export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  requestSeconds: Histogram<'method' | 'route'>;
  eventsIngested: Counter<'status'>;
  storeSeconds: Histogram<'op'>;
  cacheRequests: Counter<'cache' | 'result'>;
  cacheHitRatio: Gauge<'cache'>;
  rateLimited: Counter<'route'>;
  /** Counts a cache hit of the named cache and updates its hit ratio. */
  cacheHit(cache: string): void;
  cacheMiss(cache: string): void;
}

/** Creates the metrics of an adapter instance. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'focal_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const requestSeconds = new Histogram({
    name: 'focal_http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  const eventsIngested = new Counter({ name: 'focal_events_ingested_total', help: 'Events received by POST /v1/events, by outcome', labelNames: ['status'] as const, registers: [registry] });
  const storeSeconds = new Histogram({
    name: 'focal_store_query_duration_seconds', help: 'Store query latency', labelNames: ['op'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry],
  });
  const cacheRequests = new Counter({ name: 'focal_cache_requests_total', help: 'Cache lookups by cache and result (hit/miss)', labelNames: ['cache', 'result'] as const, registers: [registry] });
  const cacheHitRatio = new Gauge({ name: 'focal_cache_hit_ratio', help: 'Hits / lookups since start, by cache', labelNames: ['cache'] as const, registers: [registry] });
  const rateLimited = new Counter({ name: 'focal_rate_limited_total', help: 'Requests answered 429', labelNames: ['route'] as const, registers: [registry] });
  const tallies = new Map<string, { hits: number; total: number }>();
  const count = (cache: string, hit: boolean) => {
    const tally = tallies.get(cache) ?? { hits: 0, total: 0 };
    tally.total++;
    if (hit) tally.hits++;
    tallies.set(cache, tally);
    cacheRequests.inc({ cache, result: hit ? 'hit' : 'miss' });
    cacheHitRatio.set({ cache }, tally.hits / tally.total);
  };
  return {
    registry, requests, requestSeconds, eventsIngested, storeSeconds, cacheRequests, cacheHitRatio, rateLimited,
    cacheHit: (cache) => count(cache, true),
    cacheMiss: (cache) => count(cache, false),
  };
}
