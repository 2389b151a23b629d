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
  /** Fetches all promotions. Rejects when the source cannot be read (network, auth, HTTP status). */
  fetchPromotions(signal: AbortSignal): Promise<ProviderResult>;
  /** Forgets any provider-side cache key after a webhook says content changed. */
  invalidate?(): void;
}

/** A failed CMS call, with what to check. */
export class ContentProviderError extends Error {
  constructor(readonly provider: string, message: string, readonly status?: number) {
    super(`${provider}: ${message}`);
    this.name = 'ContentProviderError';
  }
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
    const hint = response.status === 401 || response.status === 403 ? ' (check the access token and space id)' : response.status === 404 ? ' (check the space id, environment and content type)' : '';
    throw new ContentProviderError(provider, `answered ${response.status}${typeof message === 'string' ? `: ${message}` : ''}${hint}`, response.status);
  }
  return { body, headers: response.headers };
}
