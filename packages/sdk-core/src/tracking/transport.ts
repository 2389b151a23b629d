import type { EventBatchResult } from '../contracts/batch.js';
import { sendHalving } from './batch.js';
import { exchange, joinUrl, SITE_KEY_HEADER } from './http.js';

export { SITE_KEY_HEADER } from './http.js';

/** What one `POST /v1/events` came back with. `status` 0 means a network error or a timeout. */
export interface SendOutcome {
  status: number;
  retryAfter: string | null;
  result: EventBatchResult | null;
  error?: string;
}

/** The events URL, with the site key as a query parameter when `withKey` (beacons). */
export function eventsUrl(endpoint: string, siteKey: string, withKey: boolean): string {
  const base = joinUrl(endpoint, '/v1/events');
  return withKey ? `${base}?siteKey=${encodeURIComponent(siteKey)}` : base;
}

/**
 * Posts one batch body, aborting after `timeoutMs` (a request that never answers counts as a network error, so
 * its events are retried — with the same ids — instead of being stuck).
 */
export async function postBatch(
  fetchImpl: typeof fetch | undefined, endpoint: string, siteKey: string, body: string, timeoutMs: number,
): Promise<SendOutcome> {
  try {
    const [response, text] = await exchange(fetchImpl, eventsUrl(endpoint, siteKey, false), {
      method: 'POST', headers: { 'content-type': 'application/json', [SITE_KEY_HEADER]: siteKey }, body, credentials: 'omit',
    }, timeoutMs);
    let result: EventBatchResult | null = null;
    let error: string | undefined;
    try {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed?.results)) result = parsed;
      else error = parsed?.error?.message;
    } catch {
      error = text.slice(0, 200);
    }
    return { status: response.status, retryAfter: response.headers.get('retry-after'), result, error: error || `HTTP ${response.status}` };
  } catch (error) {
    return { status: 0, retryAfter: null, result: null, error: `network error: ${(error as Error)?.message ?? error}` };
  }
}

/**
 * Sends bodies at page exit: `sendBeacon` with a CORS-simple `text/plain` body (no preflight, survives the
 * page), halving a chunk the browser refuses; what is still refused goes by `fetch(..., { keepalive: true })`.
 * `bodyOf` turns a list of items into a request body. Returns how many items went by each way.
 */
export function beaconSend<T>(
  endpoint: string, siteKey: string, chunks: T[][], bodyOf: (items: T[]) => string,
  nav: Pick<Navigator, 'sendBeacon'> | undefined = typeof navigator === 'undefined' ? undefined : navigator,
  fetchImpl: typeof fetch | undefined = typeof fetch === 'function' ? fetch : undefined,
): { beacon: number; keepalive: number } {
  const url = eventsUrl(endpoint, siteKey, true);
  let beacon = 0;
  let keepalive = 0;
  for (const items of chunks) {
    const refused = sendHalving(items, (part) => {
      let ok = false;
      try {
        ok = !!nav?.sendBeacon?.(url, new Blob([bodyOf(part)], { type: 'text/plain' }));
      } catch { ok = false; }
      if (ok) beacon += part.length;
      return ok;
    });
    for (const item of fetchImpl ? refused : []) {
      keepalive++;
      fetchImpl!(url, { method: 'POST', body: bodyOf([item]), keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain' } })
        .catch(() => { /* the event stays queued and is resent on the next load */ });
    }
  }
  return { beacon, keepalive };
}
