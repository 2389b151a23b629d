import type { RecommendationBatchRequest, RecommendationRequest, RecommendationResponse } from '../contracts/index.js';
import { SCRIPT_TAG } from '../tracking/build.js';
import { exchange, joinUrl, SITE_KEY_HEADER } from '../tracking/http.js';
import { readResult } from './guards.js';

export { joinUrl } from '../tracking/http.js';

/** How the client reaches the adapter. */
export interface TransportOptions {
  /** Adapter base URL, e.g. `https://recs.shop.example`. */
  endpoint: string;
  /** Publishable site key, sent as `X-Focal-Site-Key`. */
  siteKey: string;
  /** The shopper's anonymous id, sent as `X-Focal-Anonymous-Id` when known. */
  anonymousId?: () => string | undefined;
  /**
   * The signed-in shopper's token (the JWT given to `focal.identify(userId, { token })`), sent as
   * `X-Focal-User-Token` when known, so the adapter answers for that user. Refused (HTTP 401, e.g. expired),
   * the request is repeated without it: the shopper gets anonymous answers rather than none.
   * @example { userToken: () => focal.userToken }
   */
  userToken?: () => string | undefined;
  /** Abort the request after this many ms. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * GET/POST JSON with the site key, anonymous id and user token headers, aborted after `timeoutMs`. Throws on non-2xx:
 * `HTTP <status>`, or the adapter's own error (`message`, `code`, `field`) when its answer carries one; `refused` when
 * asking again would get the same answer (a 4xx other than 408 and 429: a bad request, a wrong site key or path).
 */
export async function requestJson(options: TransportOptions, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { [SITE_KEY_HEADER]: options.siteKey };
  const anonymousId = options.anonymousId?.();
  const token = options.userToken?.();
  if (anonymousId) headers['x-focal-anonymous-id'] = anonymousId;
  if (token) headers['x-focal-user-token'] = token;
  if (body) headers['content-type'] = 'application/json';
  const [response, text] = await exchange(options.fetch, joinUrl(options.endpoint, path), {
    method: body ? 'POST' : 'GET', headers, body: body ? JSON.stringify(body) : undefined,
  }, options.timeoutMs);
  if (response.status === 401 && token) return requestJson({ ...options, userToken: undefined }, path, body);
  // the adapter's error ({ code, message, field }) when it sent one: a 400 names the placement at fault
  if (!response.ok) {
    let detail;
    try { detail = JSON.parse(text).error; } catch { /* not the adapter's JSON (a proxy's page): HTTP status only */ }
    const { status } = response;
    throw Object.assign(new Error(`HTTP ${status}`), { refused: status < 500 && status != 408 && status != 429 }, detail);
  }
  return JSON.parse(text);
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

/** A placement's answer with the request it answers (placement, items, limit), as `fetchBatch` gives it outside the script tag. */
export type AnsweredRecommendation = RecommendationResponse & { request?: RecommendationRequest };

/**
 * `POST /v1/recommendations` for all placements of a page; answers one (possibly undefined) result per placement, in
 * order. Outside the script tag each result also carries the `request` it answers, so answers fetched on the server
 * (`initialResults`) go to the placement with those very items and limit, not to the first of that name.
 */
export async function fetchBatch(options: TransportOptions, request: RecommendationBatchRequest): Promise<Array<AnsweredRecommendation | undefined>> {
  const results = parseBatch(await requestJson(options, '/v1/recommendations', request));
  return SCRIPT_TAG ? results : results.map((r, i) => (r?.placement === request.placements[i]?.placement ? r && { ...r, request: request.placements[i] } : r));
}
