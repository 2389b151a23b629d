import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AdapterConfig } from '../config/schema.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { AppEnv } from './context.js';
import { setResponseHeader } from './light-response.js';
import { headerOf } from './request-parts.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * The client address: the socket's, or with `trustProxy` the last X-Forwarded-For hop — the address the trusted load
 * balancer saw and appended. The hops before it are whatever the client sent, so never the first one.
 */
export function clientIp(env: unknown, request: Request, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headerOf(request, 'x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Request id (kept from `X-Request-Id` when well-formed, else new; returned in the same header), one JSON log line
 * per request, and the request count/latency metrics labelled by route pattern.
 */
export function observeMiddleware(config: AdapterConfig, logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    const incoming = headerOf(c.req.raw, 'x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('clientIp', clientIp(c.env, c.req.raw, config.trustProxy));
    await next();
    setResponseHeader(c, 'x-request-id', requestId);
    const route = c.req.routePath === '/*' ? 'unmatched' : c.req.routePath;
    const seconds = (performance.now() - start) / 1000;
    const status = c.res.status;
    const method = c.req.method;
    metrics.countRequest(method, route, status, seconds);
    const site = c.get('site');
    logger.info('request', {
      requestId, method, path: c.req.path, route, status, ms: Math.round(seconds * 10000) / 10,
      ip: c.get('clientIp'), ...(site ? { site: site.siteKey } : {}),
    });
  };
}
