import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
import { seedDemo, DEMO_SITE_KEY } from '../../src/seed/index.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'focal-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (l) => err.push(l), (l) => out.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('focal-adapter CLI', () => {
  it('lists the commands and refuses unknown ones', async () => {
    expect((await run('--help')).out).toMatch(/serve[\s\S]*seed[\s\S]*import-catalog/);
    const unknown = await run('fly');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command "fly"/);
  });
  it('explains bad flags and bad configuration, one line per mistake', async () => {
    const flag = await run('serve', '--port', 'x');
    expect(flag).toMatchObject({ code: 2, err: expect.stringMatching(/--port must be a whole number/) });
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ adminKey: 'short', rateLimit: { max: -1 }, colour: 'red' }));
    const config = await run('serve', '--config', file);
    expect(config.code).toBe(2);
    expect(config.err.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
    expect(config.err).toMatch(/adminKey: must be at least 16 characters/);
    expect(config.err).toMatch(/unknown setting\(s\) colour/);
    expect((await run('import-catalog', '--site', 'pk_x')).err).toMatch(/exactly one feed file/);
  });
  it('refuses a flag given twice, naming both values, and does nothing (the last one was used without a word)', async () => {
    const dataDir = join(dir, 'twice');
    const store = await openStore({ dataDir });
    for (const siteKey of ['pk_first', 'pk_second']) await store.sites.upsert({ siteKey, name: siteKey, allowedOrigins: [], settings: {} });
    await store.close();
    const feed = join(dir, 'twice.ndjson');
    writeFileSync(feed, `${JSON.stringify(makeProduct('TWICE-1'))}\n`);
    const result = await run('import-catalog', feed, '--site', 'pk_first', '--site', 'pk_second', '--data-dir', dataDir);
    expect(result.code).toBe(2);
    expect(result.err.split('\n')[0]).toBe('focal-adapter import-catalog: --site is given more than once (--site "pk_first", then --site "pk_second"); give it once');
    const reopened = await openStore({ dataDir });
    try {
      expect(await reopened.catalog.get('pk_second', ['TWICE-1'])).toEqual([]);
    } finally {
      await reopened.close();
    }
    const report = await run('report', '--from', '2026-01-01', '--from', '2026-02-01', '--data-dir', dataDir);
    expect(report).toMatchObject({ code: 2, err: expect.stringMatching(/^focal-adapter report: --from is given more than once \(--from "2026-01-01", then --from "2026-02-01"\); give it once/) });
  }, 60_000);
  it('imports a catalog file into a PGlite data dir, reporting bad lines and exiting 1', async () => {
    const dataDir = join(dir, 'data');
    const store = await openStore({ dataDir });
    await store.sites.upsert({ siteKey: 'pk_shop', name: 'Shop', allowedOrigins: [], settings: {} });
    await store.close();
    const feed = join(dir, 'feed.ndjson');
    writeFileSync(feed, `${JSON.stringify(makeProduct('A'))}\n{"id":"B"}\n`);
    const result = await run('import-catalog', feed, '--site', 'pk_shop', '--data-dir', dataDir);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/feed\.ndjson:2: B: title is required/);
    expect(result.out).toMatch(/imported 1, rejected 1/);
    const reopened = await openStore({ dataDir });
    expect((await reopened.catalog.get('pk_shop', ['A']))[0]!.id).toBe('A');
    await reopened.close();
    // a semicolon CSV as a European Excel saves it: the delimiter is read from the header, decimal commas too
    const excel = join(dir, 'excel.csv');
    writeFileSync(excel, '\uFEFFid;title;url;price;currency;categoryPath;inStock\r\nC;Rund, groß;https://s.example/c;129,00;EUR;Frames;true\r\n');
    const semicolon = await run('import-catalog', excel, '--site', 'pk_shop', '--data-dir', dataDir, '--partial');
    expect(semicolon).toMatchObject({ code: 0, out: 'csv (semicolon-separated): imported 1, rejected 0, marked out of stock 0' });
    const told = await run('import-catalog', excel, '--site', 'pk_shop', '--data-dir', dataDir, '--partial', '--delimiter', 'tab');
    expect(told.code).toBe(1);
    expect(told.out).toMatch(/excel\.csv:1: the CSV header must name the columns .*split on tabs as asked/);
  }, 90_000); // opens an on-disk PGlite several times: slow on a loaded machine
  it('refuses a --delimiter it does not know, or one with another format, before opening the store', async () => {
    expect(await run('import-catalog', 'feed.csv', '--site', 'pk_x', '--delimiter', 'pipe'))
      .toMatchObject({ code: 2, err: expect.stringMatching(/--delimiter must be comma, semicolon or tab \(or the character itself: , ; or a tab\), got "pipe"/) });
    expect(await run('import-catalog', 'feed.json', '--site', 'pk_x', '--format', 'json', '--delimiter', ';'))
      .toMatchObject({ code: 2, err: expect.stringMatching(/--delimiter is for CSV feeds; leave it out with --format json/) });
  });
  it('report refuses a bad flag before opening the store: no empty database in a mistyped --data-dir', async () => {
    const typo = join(dir, 'typo');
    const cases: [string[], RegExp][] = [
      [['--from', '2026-13-01'], /--from: .*from/],
      [['--from', '2026-11-02', '--to', '2026-11-01'], /--from: from \(2026-11-02\) must be before to/],
      [['--placement', 'PDP Similar'], /--placement: placement must be a placement id/],
      [['--site', 'not a key!'], /--site: /],
      [['--session-minutes', '5000'], /sessionIdleMinutes must be a number greater than 0 and at most 1440, got 5000/],
    ];
    for (const [flags, message] of cases) {
      const result = await run('report', ...flags, '--data-dir', typo);
      expect(result, flags.join(' ')).toMatchObject({ code: 2, err: expect.stringMatching(message) });
      // old code: the message was right, but PGlite had first created (and migrated) a database in the typo
      expect(existsSync(typo), `${flags.join(' ')} created ${typo}`).toBe(false);
    }
  });
});

describe('seedDemo', () => {
  it('creates pk_demo with its origins, catalog and history once; --reset starts over', async () => {
    const store = await openStore();
    const fixture = () => ({ products: [makeProduct('P1'), makeProduct('P2')], events: Array.from({ length: 9000 }, () => makeEvent('product_view')), promotions: [] });
    const first = await seedDemo(store, fixture);
    expect(first).toMatchObject({ skipped: false, products: 2, events: 9000 });
    expect((await store.sites.get(DEMO_SITE_KEY))!.allowedOrigins).toContain('http://localhost:8787');
    expect((await seedDemo(store, fixture)).skipped).toBe(true);
    const again = await seedDemo(store, fixture, { reset: true });
    expect(again.events).toBe(9000);
    expect(await store.events.count(DEMO_SITE_KEY)).toBe(9000);
    await store.close();
  }, 90_000);
  it('allows a storefront on another port (npm run demo -- --store-port 3001), also when the demo was already seeded', async () => {
    const store = await openStore();
    const fixture = () => ({ products: [makeProduct('P1')], events: [makeEvent('product_view')], promotions: [] });
    await seedDemo(store, fixture, { extraOrigins: ['http://localhost:3001'] });
    expect((await store.sites.get(DEMO_SITE_KEY))!.allowedOrigins).toEqual(expect.arrayContaining(['http://localhost:3000', 'http://localhost:3001']));
    // a second run (the store is kept) with yet another port: skipped, but the origin is allowed
    const again = await seedDemo(store, fixture, { extraOrigins: ['http://127.0.0.1:3002', 'http://localhost:3001'] });
    expect(again.skipped).toBe(true);
    const site = (await store.sites.get(DEMO_SITE_KEY))!;
    expect(site.allowedOrigins.filter((o) => o === 'http://localhost:3001')).toHaveLength(1);
    expect(site.allowedOrigins).toContain('http://127.0.0.1:3002');
    expect(site.settings).toHaveProperty('placements');
    await store.close();
  }, 90_000);
  it('seed --demo --origin refuses what is not an origin', async () => {
    const result = await run('seed', '--demo', '--origin', 'localhost:3001', '--data-dir', join(dir, 'never'));
    expect(result).toMatchObject({ code: 2, err: expect.stringMatching(/--origin must be an origin such as http:\/\/localhost:3001, got "localhost:3001"/) });
  });
});
