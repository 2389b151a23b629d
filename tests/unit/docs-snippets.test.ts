/**
 * README snippets a developer pastes, run as written (extracted from the README, so an edit to either side that
 * breaks the other fails here): the email renderer's example, the adapter's config-error example and its first
 * `POST /v1/events` curl with the answer it shows; the widgets' script-tag, ESM and React examples, the SDK's
 * recommendation client example and the adapter's recommendation and campaign curls against what `npm run demo`
 * serves (its catalog and placements, site key pk_demo).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData, loadConfig } from '@focal/server-adapter';
import type { Product } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The fenced ```lang blocks of a README that contain `needle` (exactly one expected). */
function block(path: string, lang: string, needle: string): string {
  const blocks = [...readme(path).matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!).filter((b) => b.includes(needle));
  expect(blocks, `${path}: one \`\`\`${lang} block with ${needle}`).toHaveLength(1);
  return blocks[0]!;
}

describe('@focal/widgets README: the renderEmail example', () => {
  const file = join(ROOT, 'tests/unit', `.docs-email-snippet-${process.pid}.ts`);
  afterAll(() => rmSync(file, { force: true }));

  it('runs as pasted and renders the hero email it configures', async () => {
    writeFileSync(file, `${block('packages/widgets/README.md', 'ts', 'renderEmail(')}\nexport { html, text };\n`);
    const { html, text } = await import(/* @vite-ignore */ file) as { html: string; text: string };
    expect(html).toContain('lang="de-DE"');
    expect(html).toContain('Picked for you');
    expect(html).toContain('New frames for autumn');
    expect(html).toContain('href="https://shop.example/p/FR-1?pos=0"');
    expect(text).toContain('Aria Round (Lumen)');
    expect(text).toContain('See the frame: https://shop.example/p/FR-1?pos=0');
  });
});

describe('@focal/server-adapter README', () => {
  it('the configuration mistake it quotes is the line the adapter prints for it', () => {
    const quoted = /e\.g\. `(DATABASE_URL: databaseUrl: [^`]+)`, exit code 2/.exec(readme('packages/server-adapter/README.md'))?.[1];
    expect(quoted).toBeDefined();
    expect(() => loadConfig({ env: { DATABASE_URL: 'mysql://db/focal' } })).toThrow(`  - ${quoted}`);
  });

  describe('POST /v1/events, the curl example', () => {
    let adapter: TestAdapter;
    beforeAll(async () => { adapter = await startTestAdapter({ siteKey: 'pk_demo' }); });
    afterAll(async () => adapter?.close());

    it('is accepted with the answer it shows, and the same batch again is a duplicate', async () => {
      const curl = block('packages/server-adapter/README.md', 'sh', 'localhost:8787/v1/events');
      const body = /-d '([^']+)'/.exec(curl)?.[1];
      const shown = /^# (\{"accepted".*\})$/m.exec(curl)?.[1];
      expect(body && shown).toBeTruthy();
      const post = () => fetch(`${adapter.url}/v1/events`, {
        method: 'POST', headers: { 'x-focal-site-key': 'pk_demo', 'content-type': 'application/json' }, body: body!,
      });
      const first = await post();
      expect(first.status).toBe(200);
      const id = (JSON.parse(body!) as { events: Array<{ id: string }> }).events[0]!.id;
      // the README shortens the id to "019ab3c0-..."
      expect(await first.json()).toEqual(JSON.parse(shown!.replace(/"019ab3c0-\.\.\."/, JSON.stringify(id))));
      expect(await (await post()).json()).toMatchObject({ accepted: 0, duplicates: 1, results: [{ index: 0, id, status: 'duplicate' }] });
    });
  });
});

describe('README examples against the demo (npm run demo: its catalog, its placements, site key pk_demo)', () => {
  const catalog = new Map<string, Product>(generateDemoData({ sessions: 0 }).products.map((p) => [p.id, p]));
  let adapter: TestAdapter;
  beforeAll(async () => { adapter = await startTestAdapter({ siteKey: 'pk_demo', products: [...catalog.values()] }); });
  afterAll(async () => adapter?.close());
  const recommend = async (placement: string, items?: string[]) => {
    const response = await fetch(`${adapter.url}/v1/recommendations`, {
      method: 'POST', headers: { 'x-focal-site-key': 'pk_demo', 'x-focal-anonymous-id': 'docs-reader', 'content-type': 'application/json' },
      body: JSON.stringify({ placements: [{ placement, ...(items ? { items } : {}) }] }),
    });
    return { status: response.status, body: await response.json() as { results?: Array<{ items: Array<{ id: string }> }>; error?: { message: string } } };
  };

  it('@focal/widgets: the script-tag, ESM and React examples ask for placements the adapter serves, about products of the demo', async () => {
    const widgets = 'packages/widgets/README.md';
    const tag = block(widgets, 'html', 'data-focal-placement');
    const esm = block(widgets, 'ts', 'mountBundle(');
    const react = block(widgets, 'tsx', '<FocalProvider');
    const client = block('packages/sdk-core/README.md', 'ts', 'client.placement(');
    const asked: Array<{ where: string; placement: string; items?: string[] }> = [
      ...[...tag.matchAll(/data-focal-placement="([^"]+)"(?:(?!<div)[\s\S])*?data-focal-items="([^"]+)"/g)].map((m) => ({ where: 'script tag', placement: m[1]!, items: m[2]!.split(',') })),
      ...[...(esm + client).matchAll(/placement: '([^']+)'(?:, items: \[([^\]]*)\])?/g)].map((m) => ({ where: 'ESM', placement: m[1]!, items: m[2] ? [...m[2].matchAll(/'([^']+)'/g)].map((i) => i[1]!) : undefined })),
      ...[...react.matchAll(/placement="([^"]+)"/g)].map((m) => ({ where: 'React', placement: m[1]! })),
    ];
    expect(asked.map((a) => a.where)).toEqual(expect.arrayContaining(['script tag', 'ESM', 'React']));
    for (const { where, placement, items } of asked) {
      for (const id of items ?? []) expect(catalog.has(id), `${where}: product ${id} is in the demo catalog`).toBe(true);
      const { status, body } = await recommend(placement, items);
      expect(status, `${where}: ${placement} → ${body.error?.message ?? ''}`).toBe(200);
      expect(body.results![0]!.items.length, `${where}: ${placement} shows products`).toBeGreaterThan(0);
    }
    // a bundle's anchor is the page's product as the catalog has it (its price is what the bundle totals)
    const anchors = [
      ...[...tag.matchAll(/data-focal-anchor='([^']+)'/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>),
      ...[...esm.matchAll(/anchor: (\{[^}]+\})/g)].map((m) => new Function(`return ${m[1]!}`)() as Record<string, unknown>),
    ];
    expect(anchors).toHaveLength(2);
    for (const anchor of anchors) {
      const product = catalog.get(String(anchor.id));
      expect(product, `anchor ${String(anchor.id)} is in the demo catalog`).toBeDefined();
      expect(anchor).toEqual({ id: product!.id, title: product!.title, price: product!.price, currency: product!.currency, url: product!.url });
    }
  });

  it('@focal/widgets: the script tag loads focal.min.js from where the adapter serves it', async () => {
    const tag = block('packages/widgets/README.md', 'html', 'data-focal-placement');
    const [, src, endpoint] = /<script[^>]* src="([^"]+)"[^>]* data-endpoint="([^"]+)"/.exec(tag) ?? [];
    expect(src?.startsWith(`${endpoint}/`), 'the bundle comes from the adapter named by data-endpoint').toBe(true);
    const path = src!.slice(endpoint!.length);
    expect(path).toMatch(/\/focal\.min\.js$/);
    // the adapter's route for its files (200 once built; `asset_not_found` before `npm run build`), not "no such route"
    const response = await fetch(`${adapter.url}${path}`);
    const code = response.ok ? 'ok' : ((await response.json()) as { error: { code: string } }).error.code;
    expect(code, `GET ${path}`).not.toBe('not_found');
  });

  it('@focal/server-adapter: the GET /v1/recommendations curl answers about its product, as the answer it shows says', async () => {
    const curl = block('packages/server-adapter/README.md', 'sh', "localhost:8787/v1/recommendations?");
    const url = /curl '([^']+)'/.exec(curl)?.[1];
    const shownReason = /"reason":"([^"]+)"/.exec(curl)?.[1];
    expect(url && shownReason).toBeTruthy();
    const query = new URL(`http://${url!}`).searchParams;
    const context = catalog.get(query.get('items')!);
    expect(context, `items=${query.get('items')} is a product of the demo`).toBeDefined();
    const response = await fetch(`${adapter.url}/v1/recommendations?${query}`, { headers: { 'x-focal-site-key': 'pk_demo', 'x-focal-anonymous-id': 'a1' } });
    expect(response.status).toBe(200);
    const answer = await response.json() as { placement: string; items: Array<{ id: string; reason: string; strategy: string; categoryPath: string[] }> };
    expect(answer.placement).toBe('pdp-similar');
    expect(answer.items.length).toBe(Number(query.get('limit')));
    // similar products of that frame, not the popular fallback an unknown product id gets
    expect(shownReason).toBe(`Similar to ${context!.title}`);
    expect(answer.items[0]).toMatchObject({ strategy: 'similar', reason: shownReason, categoryPath: context!.categoryPath });
    const posted = /-d '([^']+)'/.exec(curl)?.[1];
    for (const p of (JSON.parse(posted!) as { placements: Array<{ items: string[] }> }).placements) {
      for (const id of p.items) expect(catalog.has(id), `POST example: product ${id} is in the demo catalog`).toBe(true);
    }
  });

  it('@focal/server-adapter: the campaign kill-switch curl works as written against the demo', async () => {
    const curl = block('packages/server-adapter/README.md', 'sh', '/v1/admin/email/campaigns/');
    const line = /curl -X POST -H "Authorization: Bearer \$FOCAL_ADMIN_KEY" "http:\/\/127\.0\.0\.1:8787(\/v1\/admin\/email\/campaigns\/[^"]+)"/.exec(curl);
    const shown = /# → (\{"site".*\})$/m.exec(curl)?.[1];
    expect(line && shown).toBeTruthy();
    const response = await fetch(`${adapter.url}${line![1]!}`, { method: 'POST', headers: { authorization: `Bearer ${adapter.adminKey}` } });
    const body = await response.json() as Record<string, unknown>;
    expect(response.status, JSON.stringify(body)).toBe(200);
    const expected = JSON.parse(shown!) as Record<string, unknown>;
    expect(body).toMatchObject({ ...expected, expiredAt: expect.any(String) });
  });
});
