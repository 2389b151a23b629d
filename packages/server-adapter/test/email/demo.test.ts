import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE_KEY, seedDemo } from '../../src/seed/index.js';
import { generateDemoData } from '../../src/demo/index.js';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { asAdmin, hrefs } from './setup.js';

/**
 * The email of the demo as the README runs it: `npm run demo` seeds pk_demo (catalog URLs relative, `/products/<id>`,
 * `/img/<id>.svg`, served by the example storefront) with the storefront's origins, then
 * `npx tsx examples/email/render.ts --user <id>` fetches the email from the adapter.
 */
describe('the demo\'s email (npm run demo, examples/email)', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ siteKey: DEMO_SITE_KEY });
    // what scripts/demo.mjs passes for the storefront, on its default port and on another one
    await seedDemo(adapter.store, () => generateDemoData({ products: 40, sessions: 30 }), { extraOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'] });
  });
  afterAll(async () => adapter?.close());

  async function email(): Promise<{ images: string[]; landing: URL }> {
    const html = await (await asAdmin(adapter, '/v1/email/recommendations.html?user=nobody&layout=row&columns=3&site=pk_demo')).text();
    const images = [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    const response = await fetch(hrefs(html)[0]!, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return { images, landing: new URL(response.headers.get('location')!) };
  }

  it('links land on the storefront\'s product page and images come from the storefront, not from the adapter', async () => {
    const { images, landing } = await email();
    expect(images).toHaveLength(3);
    for (const src of images) expect(src).toMatch(/^http:\/\/localhost:3000\/img\/[A-Z]{2}-\d+\.svg$/);
    expect(`${landing.origin}${landing.pathname}`).toMatch(/^http:\/\/localhost:3000\/products\/[A-Z]{2}-\d+$/);
  });

  it('follows the storefront to another port (npm run demo -- --store-port 3001), also on a store seeded before', async () => {
    await seedDemo(adapter.store, () => generateDemoData({ products: 40, sessions: 30 }), { extraOrigins: ['http://localhost:3001', 'http://127.0.0.1:3001'] });
    const { images, landing } = await email();
    for (const src of images) expect(src.startsWith('http://localhost:3001/img/')).toBe(true);
    expect(landing.origin).toBe('http://localhost:3001');
  });
});
