/**
 * The example store's product page, as the shopper reads it: placement headings that name what is shown, and the
 * product's facts in words rather than catalog keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { startStorefront, type Storefront } from '../../examples/storefront/server.js';

const data = generateDemoData({ products: 600, sessions: 10 });
let store: Storefront;
beforeAll(async () => {
  store = await startStorefront({ endpoint: () => 'http://127.0.0.1:9', siteKey: 'pk_demo', products: data.products });
});
afterAll(async () => { await store?.close(); });

const first = (top: string, sub?: string) => data.products.find((p) => p.categoryPath[0] === top && (!sub || p.categoryPath[1] === sub))!;
async function page(id: string) {
  const res = await fetch(`${store.url}/products/${id}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const title = (placement: string) => new RegExp(`data-focal-placement="${placement}"[^>]*data-focal-title="([^"]*)"`).exec(html)?.[1];
  const facts = [...html.matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => [m[1], m[2]]);
  return { similar: title('pdp-similar'), look: title('pdp-complete-the-look'), facts };
}

describe('the example store\'s product page', () => {
  it('heads its placements by what the product is, not "Similar frames" everywhere', async () => {
    expect((await page(first('Frames', 'Optical frames').id)).similar).toBe('Similar frames');
    expect((await page(first('Frames', 'Sunglasses').id)).similar).toBe('Similar sunglasses');
    const contacts = await page(first('Contact lenses').id);
    expect(contacts.similar).toBe('Similar contact lenses');
    expect(contacts.look).not.toMatch(/frames|look/i);
  });

  it('lists the product\'s facts in words: no camelCase catalog keys, units and yes/no spelt out', async () => {
    const contacts = await page(first('Contact lenses').id);
    expect(contacts.facts.map(([label]) => label)).toEqual(['Replacement', 'Lens type', 'Lenses per box', 'Lasts']);
    expect(contacts.facts.find(([label]) => label === 'Lasts')?.[1]).toMatch(/^\d+ days$/);
    const sun = await page(first('Frames', 'Sunglasses').id);
    for (const [label, value] of sun.facts) {
      expect(label).toMatch(/^[A-Z][A-Za-z]*( [a-z]+)*$/);
      expect(label).not.toMatch(/[a-z][A-Z]/);
      expect(value).not.toMatch(/^(true|false)$/);
    }
  });
});
