/**
 * A retailer with an English and a French storefront on one adapter: each page gets its own language's promotions.
 * The real adapter (PGlite) with a Contentful stand-in whose entries are in `en-US` (the default) and `fr-FR`, and
 * the SDK's content client as the pages use it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContentClient, memoryCache, type ContentState } from '@focal/sdk-core';
import { ContentResponse } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { startCmsServer, type CmsServer } from './cms-server.js';
import { matchLocale } from '../../src/content/locale.js';
import { contentConfigFromEnv, parseContentConfig } from '../../src/content/config.js';
import { createContentfulProvider } from '../../src/content/contentful-provider.js';
import { createStoryblokProvider } from '../../src/content/storyblok-provider.js';
import { createContentService } from '../../src/content/content-service.js';

let cms: CmsServer;
let adapter: TestAdapter;
const ENTRIES = '/spaces/focal0space/environments/master/entries';
const TITLES: Record<string, string> = { 'en-US': 'Students: 20% off all frames', 'fr-FR': 'Étudiants : -20 % sur toutes les montures' };

/** What Contentful answers for one locale (the Delivery API's `locale` parameter; none: the space default, en-US). */
function entries(locale = 'en-US') {
  return { sys: { type: 'Array' }, total: 1, skip: 0, limit: 200, items: [
    { sys: { id: 'student', contentType: { sys: { id: 'promotion' } } }, fields: { title: TITLES[locale], slot: 'home-hero', priority: 10, ctaLabel: locale === 'fr-FR' ? 'Voir' : 'Shop', ctaUrl: locale === 'fr-FR' ? '/fr/montures' : '/frames' } },
  ] };
}

beforeAll(async () => {
  cms = await startCmsServer();
  adapter = await startTestAdapter({
    config: { content: { provider: 'contentful', contentful: { spaceId: 'focal0space', accessToken: 'cda-token', host: cms.url, locale: 'en-US', locales: ['fr-FR'] } } } as never,
  });
});
afterAll(async () => {
  await adapter?.close();
  await cms?.close();
});
beforeEach(() => {
  cms.routes.set(ENTRIES, (q) => (TITLES[q.get('locale') ?? 'en-US'] ? [200, entries(q.get('locale') ?? undefined)] : [400, { message: 'Unknown locale' }]));
});

async function content(query: string) {
  const response = await fetch(`${adapter.url}/v1/content${query}`, { headers: { 'x-focal-site-key': adapter.siteKey } });
  return { response, body: await response.json() as Record<string, unknown> };
}

const settled = (state: { subscribe(fn: (s: ContentState) => void): () => void }) => new Promise<ContentState>((resolve) => {
  const stop = state.subscribe((s) => { if (s.status === 'error' || (s.status !== 'loading' && s.source !== 'cache')) { queueMicrotask(() => stop()); resolve(s); } });
});

describe('promotions in the shop page\'s language (GET /v1/content?locale=)', () => {
  it('serves the French page French promotions and the English page English ones, each from its CMS locale', async () => {
    const french = await content('?slot=home-hero&locale=fr-FR');
    expect(french.response.status).toBe(200);
    expect(french.response.headers.get('content-language')).toBe('fr-FR');
    expect(ContentResponse.parse(french.body)).toMatchObject({ locale: 'fr-FR', promotions: [{ title: TITLES['fr-FR'], cta: { label: 'Voir', url: '/fr/montures' } }] });
    const english = await content('?slot=home-hero&locale=en-GB');
    expect(english.response.headers.get('content-language')).toBe('en-US');
    expect(ContentResponse.parse(english.body)).toMatchObject({ locale: 'en-US', promotions: [{ title: TITLES['en-US'] }] });
    // no locale (an older SDK, a page without <html lang>): the default locale, as before
    expect((await content('?slot=home-hero')).body).toMatchObject({ locale: 'en-US', promotions: [{ title: TITLES['en-US'] }] });
  });

  it('maps a regional or differently spelt locale to the CMS one, and a language the CMS lacks to the default', async () => {
    for (const [asked, served] of [['fr-CA', 'fr-FR'], ['fr', 'fr-FR'], ['FR-be', 'fr-FR'], ['de-DE', 'en-US'], ['pt-BR', 'en-US']]) {
      expect({ asked, ...(await content(`?slot=home-hero&locale=${asked}`)).body }).toMatchObject({ asked, locale: served, promotions: [{ title: TITLES[served] }] });
    }
  });

  it('calls the CMS once per configured locale, whatever locales the requests name', async () => {
    const before = cms.requests.length;
    const { body } = await content('?slot=home-hero&locale=es');
    expect(body).toMatchObject({ locale: 'en-US' });
    for (const locale of ['it', 'nl-NL', 'sv', 'fr-CH', 'fr-LU']) await content(`?slot=home-hero&locale=${locale}`);
    expect(cms.requests.slice(before)).toEqual([]); // all answered from the caches of en-US and fr-FR
    expect(new Set(cms.requests.map((r) => r.query.get('locale')))).toEqual(new Set(['en-US', 'fr-FR']));
  });

  it('refuses a locale that is not a language tag, saying what to send', async () => {
    for (const bad of ['en_US', 'français', '"><script>', 'x'.repeat(80)]) {
      const { response, body } = await content(`?slot=home-hero&locale=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(400);
      expect(body).toMatchObject({ error: { code: 'invalid_locale', message: expect.stringMatching(/language tag such as fr, fr-FR/) } });
    }
    const twice = await content('?slot=home-hero&locale=fr&locale=en');
    expect(twice.response.status).toBe(400);
  });

  it('the content client asks in the page\'s locale and keeps each locale\'s promotions apart, in its cache too', async () => {
    const cache = memoryCache<unknown>();
    const client = createContentClient({ endpoint: adapter.url, siteKey: adapter.siteKey, cache });
    const french = await settled(client.slot('home-hero', 'fr_CA').state);
    expect(french.promotions.map((p) => p.title)).toEqual([TITLES['fr-FR']]);
    const english = await settled(client.slot('home-hero', 'en').state);
    expect(english.promotions.map((p) => p.title)).toEqual([TITLES['en-US']]);
    // the French page's next visit while the shopper is offline shows French promotions from the cache, not the English ones
    const offline = createContentClient({ endpoint: adapter.url, siteKey: adapter.siteKey, cache, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    try {
      const again = await settled(offline.slot('home-hero', 'fr-CA').state);
      expect(again).toMatchObject({ status: 'error', source: 'cache' });
      expect(again.promotions.map((p) => p.title)).toEqual([TITLES['fr-FR']]);
      expect(() => offline.slot('home-hero', 'not a locale')).toThrow(/content locale must be a language tag such as "fr" or "fr-FR"; got "not a locale"/);
    } finally {
      offline.dispose();
      client.dispose();
    }
  });
});

describe('Storyblok languages and a publish (webhook) across locales', () => {
  it('asks Storyblok for the page\'s language, and for the default language without one', async () => {
    cms.routes.set('/v2/cdn/spaces/me', () => [200, { space: { version: 1 } }]);
    cms.routes.set('/v2/cdn/stories', (q) => [200, { stories: [{ uuid: `s-${q.get('language') ?? 'default'}`, content: { title: 'T', slot: 'home-hero', priority: '1' } }], cv: 1 }, { total: '1' }]);
    const service = createContentService({ provider: createStoryblokProvider({ token: 'sb', baseUrl: cms.url, languages: ['fr', 'pt-br'] }) });
    expect(await service.promotions('pt-BR')).toMatchObject({ locale: 'pt-br', promotions: [{ id: 's-pt-br' }] });
    expect(await service.promotions('fr-CA')).toMatchObject({ locale: 'fr', promotions: [{ id: 's-fr' }] });
    const english = await service.promotions('en-GB');
    expect(english.promotions.map((p) => p.id)).toEqual(['s-default']);
    expect(english.locale).toBeUndefined();
  });

  it('a webhook refreshes every locale: the French page does not keep the promotion unpublished in English', async () => {
    let published = true;
    cms.routes.set(ENTRIES, (q) => [200, published ? entries(q.get('locale') ?? undefined) : { ...entries(), total: 0, items: [] }]);
    const service = createContentService({ provider: createContentfulProvider({ spaceId: 'focal0space', accessToken: 't', host: cms.url, locale: 'en-US', locales: ['fr-FR'] }) });
    expect((await service.promotions('fr')).promotions).toHaveLength(1);
    expect((await service.promotions('en')).promotions).toHaveLength(1);
    published = false; // the marketer unpublishes the entry
    service.invalidate();
    expect((await service.promotions('fr')).promotions).toEqual([]);
    expect((await service.promotions('en')).promotions).toEqual([]);
  });
});

describe('matchLocale', () => {
  it('prefers the same tag, then a shorter one, then the same language, in the order given', () => {
    expect(matchLocale('zh-Hant-TW', ['zh-Hans', 'zh-Hant'])).toBe('zh-Hant');
    expect(matchLocale('en-AU', ['en-US', 'en-GB'])).toBe('en-US');
    expect(matchLocale('pt-BR', ['pt', 'pt-br'])).toBe('pt-br');
    expect(matchLocale('de', ['en-US', 'fr'])).toBeUndefined();
    expect(matchLocale(undefined, ['en-US'])).toBeUndefined();
  });
});

describe('locale configuration', () => {
  it('reads the locales from the environment and refuses a code that is not a locale, naming the setting', () => {
    const env = contentConfigFromEnv({ FOCAL_CONTENT_PROVIDER: 'storyblok', STORYBLOK_TOKEN: 't', STORYBLOK_LANGUAGES: 'fr, de ,pt-br' });
    expect(parseContentConfig(env).storyblok).toMatchObject({ languages: ['fr', 'de', 'pt-br'] });
    expect(() => parseContentConfig({ provider: 'contentful', contentful: { spaceId: 's', accessToken: 't', locales: ['fr_FR'] } }))
      .toThrow(/content\.contentful\.locales\.0: must be a locale code such as "fr-FR"/);
  });
});
