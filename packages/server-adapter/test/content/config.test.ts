import { describe, expect, it } from 'vitest';
import { contentConfigFromEnv, parseContentConfig } from '../../src/content/config.js';
import { createProvider } from '../../src/content/create-provider.js';
import { resolveContentConfig } from '../../src/content/routes.js';
import type { AppContext } from '../../src/http/context.js';

describe('content configuration', () => {
  it('defaults to the local demo promotions with a 60 s cache, 2 s timeout and a 3-failure breaker', () => {
    const config = parseContentConfig(contentConfigFromEnv({}));
    expect(config).toMatchObject({ provider: 'local', cacheTtlSeconds: 60, timeoutMs: 2000, breaker: { failureThreshold: 3, cooldownSeconds: 30 } });
    expect(createProvider(config).name).toBe('local');
  });

  it('reads Contentful settings from the environment with their defaults', () => {
    const config = parseContentConfig(contentConfigFromEnv({
      FOCAL_CONTENT_PROVIDER: 'contentful', CONTENTFUL_SPACE_ID: 'abc123', CONTENTFUL_ACCESS_TOKEN: 'tok', CONTENTFUL_LOCALE: 'de-DE',
      FOCAL_CONTENT_TTL_SECONDS: '30',
    }));
    expect(config.contentful).toEqual({ spaceId: 'abc123', accessToken: 'tok', locale: 'de-DE', environment: 'master', contentTypeId: 'promotion', host: 'https://cdn.contentful.com' });
    expect(config.cacheTtlSeconds).toBe(30);
    expect(createProvider(config).name).toBe('contentful');
  });

  it('reads Storyblok settings from the environment', () => {
    const config = parseContentConfig(contentConfigFromEnv({ FOCAL_CONTENT_PROVIDER: 'storyblok', STORYBLOK_TOKEN: 't', STORYBLOK_REGION: 'us', STORYBLOK_VERSION: 'draft' }));
    expect(config.storyblok).toMatchObject({ token: 't', region: 'us', version: 'draft', startsWith: 'promotions/', component: 'promotion' });
    expect(createProvider(config).name).toBe('storyblok');
  });

  it('lists every mistake with the setting to fix', () => {
    expect(() => parseContentConfig(contentConfigFromEnv({ FOCAL_CONTENT_PROVIDER: 'contentful' })))
      .toThrow(/content\.contentful: provider "contentful" needs contentful\.spaceId and contentful\.accessToken \(CONTENTFUL_SPACE_ID, CONTENTFUL_ACCESS_TOKEN\)/);
    expect(() => parseContentConfig(contentConfigFromEnv({ FOCAL_CONTENT_PROVIDER: 'wordpress', FOCAL_CONTENT_TIMEOUT_MS: 'soon' })))
      .toThrow(/content\.provider:[\s\S]*content\.timeoutMs:/);
    expect(() => parseContentConfig({ provider: 'storyblok', storyblok: { token: 't', region: 'mars' } })).toThrow(/content\.storyblok\.region/);
  });

  it('refuses a setting it does not know, naming it, rather than running without it', () => {
    // a misspelt locale served every shopper the space's default language; a misspelt TTL kept 60 s
    expect(() => parseContentConfig({ provider: 'contentful', contentful: { spaceId: 's', accessToken: 't', localeCode: 'de-DE' } }))
      .toThrow(/content\.contentful: unknown setting\(s\) localeCode/);
    const message = (() => {
      try {
        parseContentConfig({ provider: 'storyblok', cacheTTLSeconds: 300, storyblok: { token: 't', lang: 'de' }, breaker: { threshold: 5 } });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message?.split('\n').slice(1).map((line) => line.trim()).sort())
      .toEqual(['content.breaker: unknown setting(s) threshold', 'content.storyblok: unknown setting(s) lang', 'content: unknown setting(s) cacheTTLSeconds']);
    // the settings it knows, as documented, still parse
    expect(parseContentConfig({
      provider: 'contentful', file: 'promos.json', cacheTtlSeconds: 30, timeoutMs: 1000, breaker: { failureThreshold: 5, cooldownSeconds: 10 },
      contentful: { spaceId: 's', environment: 'staging', accessToken: 't', locale: 'de-DE', contentTypeId: 'promo', host: 'https://preview.contentful.com', webhookSecret: 'x'.repeat(64) },
      storyblok: { token: 't', version: 'draft', region: 'us', baseUrl: 'https://sb.test', startsWith: 'p/', component: 'promo', language: 'de', webhookSecret: 'secret12' },
    }).contentful?.locale).toBe('de-DE');
  });

  it('prefers the config file\'s content section over the environment', () => {
    const ctx = { config: { content: { provider: 'storyblok', storyblok: { token: 'from-file' } } } } as unknown as AppContext;
    expect(resolveContentConfig(ctx, { FOCAL_CONTENT_PROVIDER: 'local' })).toMatchObject({ provider: 'storyblok', storyblok: { token: 'from-file' } });
    const without = { config: {} } as unknown as AppContext;
    expect(resolveContentConfig(without, { FOCAL_CONTENT_PROVIDER: 'contentful', CONTENTFUL_SPACE_ID: 's', CONTENTFUL_ACCESS_TOKEN: 't' }).provider).toBe('contentful');
  });
});
