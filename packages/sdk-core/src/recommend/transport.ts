import type { RecommendationBatchRequest, RecommendationResponse } from '../contracts/index.js';
import { readResult } from './guards.js';

/** How the client reaches the adapter. */
export interface TransportOptions {
  /** Adapter base URL, e.g. `https://recs.shop.example`. */
  endpoint: string;
  /** Publishable site key, sent as `X-Focal-Site-Key`. */
  siteKey: string;
  /** The shopper's anonymous id, sent as `X-Focal-Anonymous-Id` when known. */
  anonymousId?: () => string | undefined;
  /** Abort the request after this many ms. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** `endpoint` + `path` without a doubled slash. */
export function joinUrl(endpoint: string, path: string): string {
  return endpoint.replace(/\/+$/, '') + path;
}

/** GET/POST JSON with the site key and anonymous id headers, aborted after `timeoutMs`. Throws on non-2xx. */
export async function requestJson(options: TransportOptions, path: string, body?: unknown): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const headers: Record<string, string> = { 'X-Focal-Site-Key': options.siteKey };
  const anonymousId = options.anonymousId?.();
  if (anonymousId) headers['X-Focal-Anonymous-Id'] = anonymousId;
  if (body) headers['Content-Type'] = 'application/json';
  try {
    const response = await (options.fetch ?? fetch)(joinUrl(options.endpoint, path), {
      method: body ? 'POST' : 'GET', headers, body: body ? JSON.stringify(body) : undefined, signal: controller.signal,
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads a batch answer leniently: an invalid candidate is dropped (its neighbours stay), an invalid
 * placement result becomes `undefined` (that placement errors, the others show). Throws when there is no
 * `results` array at all.
 */
export function parseBatch(json: unknown): Array<RecommendationResponse | undefined> {
  const results = (json as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) throw new Error('answer has no results array');
  return results.map(readResult);
}

/** `POST /v1/recommendations` for all placements of a page; answers one (possibly undefined) result per placement. */
export async function fetchBatch(options: TransportOptions, request: RecommendationBatchRequest) {
  return parseBatch(await requestJson(options, '/v1/recommendations', request));
}
