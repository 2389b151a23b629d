/**
 * A promotion's call to action becomes `<a href>` on the storefront (PromoBanner, PromoTile). A CMS entry whose link
 * is a `javascript:` (or `data:`) URL would run script on the shop's pages when clicked, so such an entry is skipped
 * like any other entry that does not fit the contract; http(s) links and paths on the shop are served.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentResponse } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { finalise } from '../../src/content/normalise.js';

const promo = (id: string, url: string) => ({ id, slot: 'home-hero', title: `Offer ${id}`, priority: 1, cta: { label: 'Shop now', url } });
const UNSAFE = [
  promo('js', 'javascript:alert(document.cookie)'),
  promo('js-mixed-case', ' JaVaScRiPt:alert(1)'),
  promo('js-tab', 'java\tscript:alert(1)'),
  promo('data', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='),
  promo('vbscript', 'vbscript:msgbox(1)'),
];
const SAFE = [promo('path', '/c/frames'), promo('absolute', 'https://shop.example/eye-test'), promo('relative', 'sale?x=1')];

describe('CMS promotions with script URLs (real adapter, local provider)', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'focal-content-')), 'promotions.json');
    writeFileSync(file, JSON.stringify({ promotions: [...UNSAFE, ...SAFE] }));
    delete process.env.FOCAL_CONTENT_PROVIDER;
    process.env.FOCAL_CONTENT_FILE = file;
    adapter = await startTestAdapter();
    delete process.env.FOCAL_CONTENT_FILE;
  });
  afterAll(() => adapter?.close());

  it('serves only the promotions whose link is http(s) or a path on the shop', async () => {
    const response = await fetch(`${adapter.url}/v1/content?slot=home-hero`, { headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'a1' } });
    expect(response.status).toBe(200);
    const body = ContentResponse.parse(await response.json());
    expect(body.promotions.map((p) => p.id).sort()).toEqual(['absolute', 'path', 'relative']);
  });

  it('says which field to fix in the CMS', () => {
    const outcome = finalise('js', { ...UNSAFE[0], source: 'contentful' });
    expect(outcome).toEqual({ skipped: { id: 'js', reason: expect.stringMatching(/^cta\.url: must be an http\(s\) URL or a path on the shop/) } });
  });
});
