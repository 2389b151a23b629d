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
  /** Counts a finished HTTP request (`requests`) and observes its latency (`requestSeconds`). */
  countRequest(method: string, route: string, status: number, seconds: number): void;
}

/** Creates the metrics of an adapter instance. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  // Counts on the request path are tallied in plain maps and folded into the prom-client metrics when they are read
  // (prom-client hashes the labels on every call): a scrape sees every count.
  const requestTallies = new Map<string, { method: string; route: string; status: string; pending: number }>();
  const cacheTallies = new Map<string, { hits: number; total: number; pendingHits: number; pendingMisses: number }>();
  const flushRequests = () => {
    for (const t of requestTallies.values()) {
      if (!t.pending) continue;
      requests.inc({ method: t.method, route: t.route, status: t.status }, t.pending);
      t.pending = 0;
    }
  };
  const flushCaches = () => {
    for (const [cache, t] of cacheTallies) {
      if (t.pendingHits) cacheRequests.inc({ cache, result: 'hit' }, t.pendingHits);
      if (t.pendingMisses) cacheRequests.inc({ cache, result: 'miss' }, t.pendingMisses);
      t.pendingHits = t.pendingMisses = 0;
      cacheHitRatio.set({ cache }, t.hits / t.total);
    }
  };
  const requests = new Counter({
    name: 'focal_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'] as const, registers: [registry],
    collect: flushRequests,
  });
  const requestSeconds = new Histogram({
    name: 'focal_http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  const eventsIngested = new Counter({ name: 'focal_events_ingested_total', help: 'Events received by POST /v1/events, by outcome', labelNames: ['status'] as const, registers: [registry] });
  const storeSeconds = new Histogram({
    name: 'focal_store_query_duration_seconds', help: 'Store query latency', labelNames: ['op'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry],
  });
  const cacheRequests = new Counter({
    name: 'focal_cache_requests_total', help: 'Cache lookups by cache and result (hit/miss)', labelNames: ['cache', 'result'] as const, registers: [registry],
    collect: flushCaches,
  });
  const cacheHitRatio = new Gauge({
    name: 'focal_cache_hit_ratio', help: 'Hits / lookups since start, by cache', labelNames: ['cache'] as const, registers: [registry], collect: flushCaches,
  });
  const rateLimited = new Counter({ name: 'focal_rate_limited_total', help: 'Requests answered 429', labelNames: ['route'] as const, registers: [registry] });
  const count = (cache: string, hit: boolean) => {
    let tally = cacheTallies.get(cache);
    if (!tally) cacheTallies.set(cache, (tally = { hits: 0, total: 0, pendingHits: 0, pendingMisses: 0 }));
    tally.total++;
    if (hit) {
      tally.hits++;
      tally.pendingHits++;
    } else {
      tally.pendingMisses++;
    }
  };
  return {
    registry, requests, requestSeconds, eventsIngested, storeSeconds, cacheRequests, cacheHitRatio, rateLimited,
    cacheHit: (cache) => count(cache, true),
    cacheMiss: (cache) => count(cache, false),
    countRequest(method, route, status, seconds) {
      const key = `${method} ${status} ${route}`;
      let tally = requestTallies.get(key);
      if (!tally) {
        if (requestTallies.size >= 10_000) {
          flushRequests();
          requestTallies.clear();
        }
        requestTallies.set(key, (tally = { method, route, status: String(status), pending: 0 }));
      }
      tally.pending++;
      requestSeconds.observe({ method, route }, seconds);
    },
  };
}
