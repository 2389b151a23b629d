// The clients come from `@focal/sdk-core` by name, so widgets' ESM build keeps them external: an app using both
// packages ships (and runs) one recommendation client, not a second copy. The build flags are constants, by path.
import { DEV } from '../../../sdk-core/src/tracking/build.js';
import { createContentClient, createRecommendClient, type ContentClient, type RecommendClient, type RecommendClientOptions } from '@focal/sdk-core';

const DOCS = 'See the @focal/widgets README, section "ESM".';
const shared = new Map<string, RecommendClient | ContentClient>();

/** Connection options every widget accepts: a client, or endpoint + site key to share one per page. */
export interface ConnectionOptions {
  client?: RecommendClient;
  content?: ContentClient;
  endpoint?: string;
  siteKey?: string;
  /** Passed to the shared client when this call creates it (timeout, reranker, onEvent, anonymousId…). */
  clientOptions?: Partial<RecommendClientOptions>;
}

/** `given`, else the page's one client of this kind for `options.endpoint` and `siteKey`, created on first use. */
function sharedClient<T>(kind: string, given: T | undefined, options: ConnectionOptions, create: (o: RecommendClientOptions) => T): T {
  const { endpoint, siteKey } = options;
  if (given) return given;
  if (!endpoint || !siteKey) {
    throw new Error(DEV ? `focal: pass { client } or { endpoint, siteKey } to mount a widget. ${DOCS}` : 'focal: mount needs { client } or { endpoint, siteKey } (focal.dev.js explains)');
  }
  const key = `${kind}|${endpoint}|${siteKey}`;
  if (!shared.has(key)) shared.set(key, create({ ...options.clientOptions, endpoint, siteKey }) as never);
  return shared.get(key) as T;
}

/** The recommendation client for these options: the given one, or one shared by every widget of the page. */
export const recommendClientFor = (options: ConnectionOptions): RecommendClient => sharedClient('recs', options.client, options, createRecommendClient);

/** The content client for these options, likewise shared. */
export const contentClientFor = (options: ConnectionOptions): ContentClient => sharedClient('content', options.content, options, createContentClient);

/**
 * The language a widget's promotions are asked in: its `locale` option, else the page's `<html lang>`; a tag written
 * with underscores (`fr_CA`) is read as `fr-CA`, and one that is not a language tag is passed over (the adapter then
 * serves its default locale) as prices pass it over.
 */
export function promoLocale(locale?: string): string | undefined {
  for (const tag of [locale, document.documentElement.lang]) {
    try {
      return Intl.getCanonicalLocales(tag!.replace(/_/g, '-'))[0];
    } catch { /* none, or not a language tag */ }
  }
}

/** The element to render into: an element, or a selector that matches one. */
export function resolveContainer(container: Element | string): Element {
  const el = typeof container === 'string' && typeof document !== 'undefined' ? document.querySelector(container) : container;
  if (!el || typeof (el as Element).appendChild !== 'function') {
    throw new Error(DEV
      ? `focal: container ${JSON.stringify(String(container))} is not an element; pass an element or a CSS selector that matches one. ${DOCS}`
      : 'focal: mount needs an element or a selector matching one (focal.dev.js explains)');
  }
  return el as Element;
}
