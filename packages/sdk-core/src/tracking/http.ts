/**
 * The SDK's one HTTP layer, shared by the event transport and the recommendation and content clients:
 * a `fetch` to the adapter whose whole exchange (headers and body) is aborted after a timeout.
 */

/** Header carrying the site key on `fetch` requests; beacons (which cannot set headers) use `?siteKey=`. */
export const SITE_KEY_HEADER = 'x-focal-site-key';

/** `endpoint` + `path` without a doubled slash. */
export function joinUrl(endpoint: string, path: string): string {
  return endpoint.replace(/\/+$/, '') + path;
}

/**
 * Sends one request with `fetchImpl` (default: the global `fetch`) and reads its body as text, aborting after
 * `timeoutMs`. Resolves with the response and its text whatever the status; rejects on a network error or timeout.
 */
export async function exchange(fetchImpl: typeof fetch | undefined, url: string, init: RequestInit, timeoutMs: number): Promise<[Response, string]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await (fetchImpl ?? fetch)(url, { ...init, signal: controller.signal });
    return [response, await response.text()];
  } finally {
    clearTimeout(timer);
  }
}
