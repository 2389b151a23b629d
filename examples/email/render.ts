/**
 * Renders one shopper's recommendation email from the REAL adapter endpoint
 * (`GET /v1/email/recommendations.html`, admin key) to `examples/email/out/<shopper>.html` (+ `.txt`) and a PNG
 * screenshot of it in Chromium (`out/<shopper>.png`). Every product link is the adapter's signed `/r/<token>`
 * redirect, which records a `rec_click` and lands on the product with UTM tags.
 *
 *   npm run demo                          # in another terminal
 *   npx tsx examples/email/render.ts --user <anonymous id or user id> [--endpoint http://localhost:8787]
 *     [--admin-key demo-admin-key-change-me] [--site pk_demo] [--layout row|grid|hero] [--campaign demo-email]
 *
 * A shopper's anonymous id is `window.focal.anonymousId` in the storefront's console.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from '../../tests/helpers/chromium.js';

export interface EmailRenderOptions {
  endpoint: string;
  adminKey: string;
  user: string;
  site?: string;
  layout?: 'row' | 'grid' | 'hero';
  campaign?: string;
  /** Where to write; default `examples/email/out`. */
  outDir?: string;
}

export interface RenderedEmail { html: string; text: string; htmlFile: string; textFile: string; pngFile: string }

/** Fetches the shopper's email (HTML and text) from the adapter, writes both and a full-page PNG screenshot. */
export async function renderShopperEmail(options: EmailRenderOptions): Promise<RenderedEmail> {
  const outDir = options.outDir ?? join(dirname(fileURLToPath(import.meta.url)), 'out');
  const query = new URLSearchParams({ user: options.user, site: options.site ?? 'pk_demo', layout: options.layout ?? 'grid', campaign: options.campaign ?? 'demo-email' });
  const get = async (ext: 'html' | 'txt') => {
    const response = await fetch(`${options.endpoint.replace(/\/$/, '')}/v1/email/recommendations.${ext}?${query}`, { headers: { authorization: `Bearer ${options.adminKey}` } });
    if (!response.ok) throw new Error(`the adapter answered ${response.status} for the ${ext} email: ${await response.text()}`);
    return response.text();
  };
  const [html, text] = await Promise.all([get('html'), get('txt')]);
  await mkdir(outDir, { recursive: true });
  const name = options.user.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
  const htmlFile = join(outDir, `${name}.html`);
  const textFile = join(outDir, `${name}.txt`);
  const pngFile = join(outDir, `${name}.png`);
  await writeFile(htmlFile, html);
  await writeFile(textFile, text);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
    // Images in the email point at the store; offline they may not load: the screenshot does not wait for them.
    await page.setContent(html, { waitUntil: 'domcontentloaded', timeout: 10_000 });
    await page.screenshot({ path: pngFile, fullPage: true });
  } finally {
    await browser.close();
  }
  return { html, text, htmlFile, textFile, pngFile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: {
    user: { type: 'string' }, endpoint: { type: 'string', default: 'http://localhost:8787' }, 'admin-key': { type: 'string', default: process.env.FOCAL_ADMIN_KEY ?? 'demo-admin-key-change-me' },
    site: { type: 'string', default: 'pk_demo' }, layout: { type: 'string', default: 'grid' }, campaign: { type: 'string', default: 'demo-email' },
  } });
  if (!values.user) {
    console.error('--user is required: the shopper\'s anonymous id (window.focal.anonymousId in the storefront) or user id');
    process.exit(2);
  }
  const done = await renderShopperEmail({ endpoint: values.endpoint!, adminKey: values['admin-key']!, user: values.user, site: values.site, layout: values.layout as 'grid', campaign: values.campaign });
  console.log(`wrote ${done.htmlFile}\n      ${done.textFile}\n      ${done.pngFile}`);
}
