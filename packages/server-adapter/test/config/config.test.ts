import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/index.js';

const problems = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('applies defaults', () => {
    expect(parseConfig({})).toMatchObject({ port: 8787, host: '127.0.0.1', dataDir: '.focal-data', maxBodyBytes: 1048576, log: 'info', rateLimit: { max: 1200, windowSeconds: 60 } });
  });
  it('merges file < environment < flags and names the source of each mistake', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'focal-cfg-')), 'focal.config.json');
    writeFileSync(file, JSON.stringify({ port: 9000, adminKey: 'from-the-file-0123456789', log: 'error' }));
    const config = loadConfig({ file, env: { PORT: '9100', FOCAL_ADMIN_KEY: 'from-the-env-0123456789' }, flags: { port: 9200 } });
    expect(config).toMatchObject({ port: 9200, adminKey: 'from-the-env-0123456789', log: 'error' });
    const found = problems(() => loadConfig({ file, env: { DATABASE_URL: 'mysql://db', PORT: 'eighty' } }));
    expect(found).toEqual(['PORT: must be a whole number, got "eighty"']);
    const more = problems(() => loadConfig({ file, env: { DATABASE_URL: 'mysql://db', REDIS_URL: 'http://cache' }, flags: { port: 70000 } }));
    expect(more).toEqual(expect.arrayContaining([
      expect.stringMatching(/^DATABASE_URL: databaseUrl: must start with postgres:\/\//),
      expect.stringMatching(/^REDIS_URL: redisUrl: must start with redis:\/\//),
      expect.stringMatching(/^--port: port: /),
    ]));
  });
  it('takes a cache namespace from the file or FOCAL_CACHE_NAMESPACE, and says what a bad one must look like', () => {
    expect(loadConfig({ env: { FOCAL_CACHE_NAMESPACE: 'staging' } }).cacheNamespace).toBe('staging');
    expect(parseConfig({}).cacheNamespace).toBeUndefined(); // default: the store's identity, read when the cache opens
    expect(problems(() => loadConfig({ env: { FOCAL_CACHE_NAMESPACE: 'shop eu:1' } }))).toEqual([
      'FOCAL_CACHE_NAMESPACE: cacheNamespace: must be 1-64 letters, digits, _, . or - (e.g. staging, shop-eu)',
    ]);
  });
  it('explains a missing or broken file', () => {
    expect(problems(() => loadConfig({ file: '/nonexistent/focal.json' }))[0]).toMatch(/cannot read the config file \(ENOENT\)/);
    const file = join(mkdtempSync(join(tmpdir(), 'focal-cfg-')), 'bad.json');
    writeFileSync(file, '{ "port": ');
    expect(problems(() => loadConfig({ file }))[0]).toMatch(/not valid JSON/);
  });
  it('checks user-token settings: one key source, algorithms that fit it', () => {
    const base = { algorithms: ['HS256'], issuer: 'i', audience: 'a' };
    expect(problems(() => parseConfig({ jwt: base }))).toEqual(['config: jwt: give exactly one of jwksUrl or secret']);
    expect(problems(() => parseConfig({ jwt: { ...base, secret: 'x'.repeat(40), algorithms: ['RS256'] } }))[0]).toMatch(/shared secret only works with HS256/);
    expect(parseConfig({ jwt: { ...base, jwksUrl: 'https://auth.example/jwks.json', algorithms: ['RS256'] } }).jwt!.clockToleranceSeconds).toBe(30);
  });
  it('publicUrl (FOCAL_PUBLIC_URL): an absolute http(s) URL, path prefix allowed, trailing / dropped; anything else named', () => {
    expect(parseConfig({}).publicUrl).toBeUndefined();
    expect(parseConfig({ publicUrl: 'https://focal.shop.example/' }).publicUrl).toBe('https://focal.shop.example');
    expect(loadConfig({ env: { FOCAL_PUBLIC_URL: 'https://shop.example/focal/' } }).publicUrl).toBe('https://shop.example/focal');
    expect(problems(() => loadConfig({ env: { FOCAL_PUBLIC_URL: 'focal.shop.example' } }))).toEqual([
      'FOCAL_PUBLIC_URL: publicUrl: must be an absolute http(s) URL such as https://focal.shop.example (the address email recipients and your email service reach this adapter at); got "focal.shop.example"',
    ]);
    expect(problems(() => parseConfig({ publicUrl: 'ftp://focal.shop.example' }))[0]).toMatch(/^config: publicUrl: must be an absolute http\(s\) URL/);
    expect(problems(() => parseConfig({ publicUrl: 'https://focal.shop.example/?x=1' }))[0]).toMatch(/^config: publicUrl: must not have a query \(\?…\) or fragment/);
    expect(problems(() => parseConfig({ publicUrl: 'https://focal.shop.example/#top' }))[0]).toMatch(/^config: publicUrl: must not have a query/);
    expect(problems(() => parseConfig({ publicUrl: 'https://me:pw@focal.shop.example' }))[0]).toMatch(/^config: publicUrl: must not contain a user name or password/);
  });
  it('refuses unknown settings and bad site origins', () => {
    const found = problems(() => parseConfig({ prot: 1, sites: [{ siteKey: 'pk_shop', allowedOrigins: ['https://shop.example/path'] }] }));
    expect(found).toEqual(expect.arrayContaining([
      'config: (root): unknown setting(s) prot',
      expect.stringMatching(/sites\.0\.allowedOrigins\.0: must be an origin such as https:\/\/shop.example/),
    ]));
  });

  it('refuses an email or training section, which nothing reads, saying where those settings go', () => {
    // an operator's "email": { "locale": "de-DE" } was accepted and every email stayed in English
    const found = problems(() => parseConfig({ email: { locale: 'de-DE', linkDays: 7 }, training: { epochs: 40 } }));
    expect(found).toEqual([
      expect.stringMatching(/^config: email: the email endpoint reads no setting from here: give each site its defaults in sites\[\]\.settings\.email \(theme, locale, currency, heading, buttonText\)/),
      expect.stringMatching(/^config: training: training reads no setting from here: give focal-adapter train its flags \(--site, --out, --epochs/),
    ]);
    // the sections modules do read still pass through to them
    expect(parseConfig({ placements: {}, content: { provider: 'local' } })).toMatchObject({ placements: {}, content: { provider: 'local' } });
  });
});
