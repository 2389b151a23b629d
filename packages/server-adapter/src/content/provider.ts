import type { Promotion } from '@focal/sdk-core/contracts';

/** A CMS entry that could not become a promotion, and why (the others are still served). */
export interface SkippedEntry {
  id: string;
  reason: string;
}

/** What a provider fetched: the valid promotions, normalised, and the entries it had to skip. */
export interface ProviderResult {
  promotions: Promotion[];
  skipped: SkippedEntry[];
}

/**
 * Where promotions come from. One implementation per file: local JSON file, Contentful, Storyblok. Each fetches every
 * published promotion and normalises it into the contract `Promotion` shape; the content service adds caching,
 * timeouts and the circuit breaker around it.
 */
export interface ContentProvider {
  readonly name: Promotion['source'];
  /**
   * The locale fetched when a request names none, or one that matches none of {@link locales} (the CMS's code, e.g.
   * `en-US`); undefined: the CMS's own default (the provider cannot say which).
   */
  readonly defaultLocale?: string;
  /** The other CMS locales a shop's page may be served in (e.g. `['fr-FR']`); absent or empty: one for everyone. */
  readonly locales?: readonly string[];
  /**
   * Fetches all promotions, in `locale` (one of {@link locales}) or else the default locale. Rejects when the source
   * cannot be read (network, auth, HTTP status).
   */
  fetchPromotions(signal: AbortSignal, locale?: string): Promise<ProviderResult>;
  /** Forgets any provider-side cache key after a webhook says content changed. */
  invalidate?(): void;
}

/** A failed CMS call, with what to check. */
export class ContentProviderError extends Error {
  /**
   * @param retryAfterMs how long the CMS asked not to be called again (a 429's or 503's `Retry-After`): the content
   *   service waits that long before its next call.
   */
  constructor(readonly provider: string, message: string, readonly status?: number, readonly retryAfterMs?: number) {
    super(`${provider}: ${message}`);
    this.name = 'ContentProviderError';
  }
}

/** The longest wait a CMS's `Retry-After` is taken for (a broken header must not stop refreshes for days). */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * How long a CMS answer asks to wait before the next call: `Retry-After` in seconds or as an HTTP date, else
 * Contentful's `X-Contentful-RateLimit-Reset` (seconds); at most {@link MAX_RETRY_AFTER_MS}. Undefined when it says
 * nothing readable.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const seconds = (value: string | null) => (value !== null && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) * 1000 : undefined);
  const header = headers.get('retry-after');
  let ms = seconds(header);
  if (ms === undefined && header && /[a-z]/i.test(header)) {
    const at = Date.parse(header);
    if (Number.isFinite(at)) ms = Math.max(0, at - now);
  }
  ms ??= seconds(headers.get('x-contentful-ratelimit-reset'));
  return ms === undefined ? undefined : Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** GETs JSON from a CMS, turning HTTP errors into a {@link ContentProviderError} that quotes the CMS's message. */
export async function getJson(provider: string, url: string, init: RequestInit, fetchImpl: typeof fetch = fetch): Promise<{ body: unknown; headers: Headers }> {
  const response = await fetchImpl(url, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ContentProviderError(provider, `answered ${response.status} with a body that is not JSON`, response.status);
  }
  if (!response.ok) {
    const message = (body as { message?: unknown; error?: unknown } | undefined)?.message ?? (body as { error?: unknown } | undefined)?.error;
    const wait = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers) : undefined;
    const hint = response.status === 401 || response.status === 403 ? ' (check the access token and space id)' : response.status === 404 ? ' (check the space id, environment and content type)'
      : wait !== undefined ? ` (${response.status === 429 ? 'rate limited; ' : ''}retry after ${Math.ceil(wait / 1000)} s)` : '';
    throw new ContentProviderError(provider, `answered ${response.status}${typeof message === 'string' ? `: ${message}` : ''}${hint}`, response.status, wait);
  }
  return { body, headers: response.headers };
}
