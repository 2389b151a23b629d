/**
 * A retailer with a French and an English storefront: the script tag's promo slots show each page's own language's
 * promotions. Real Chromium, the real adapter (PGlite) and a Contentful stand-in with `en-US` (default) and `fr-FR`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { serveStatic, type StaticServer } from '../helpers/static-server.js';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';
import { startCmsServer, type CmsServer } from '../../packages/server-adapter/test/content/cms-server.js';

const ENTRIES = '/spaces/focal0space/environments/master/entries';
const TITLES: Record<string, string> = { 'en-US': 'Free eye test with every pair', 'fr-FR': 'Examen de vue offert avec chaque paire' };

describe('script tag promo slots in the page\'s language', () => {
  let browser: Browser;
  let site: StaticServer;
  let adapter: TestAdapter;
  let cms: CmsServer;
  const pages: Record<string, string> = { '/favicon.ico': '' };

  beforeAll(async () => {
    cms = await startCmsServer();
    cms.routes.set(ENTRIES, (q) => {
      const locale = q.get('locale') ?? 'en-US';
      return [200, { sys: { type: 'Array' }, total: 1, skip: 0, limit: 200, items: [
        { sys: { id: 'eye-test' }, fields: { title: TITLES[locale], slot: 'home-hero', priority: 1, ctaLabel: locale === 'fr-FR' ? 'Réserver' : 'Book', ctaUrl: '/eye-test' } },
      ] }];
    });
    site = await serveStatic(process.cwd(), pages);
    adapter = await startTestAdapter({
      allowedOrigins: [site.url],
      config: { content: { provider: 'contentful', contentful: { spaceId: 'focal0space', accessToken: 'cda-token', host: cms.url, locale: 'en-US', locales: ['fr-FR'] } } } as never,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await adapter?.close();
    await cms?.close();
  });

  /** The hero titles a page shows, slot by slot, with `<html lang>` and the slots' own attributes as given. */
  async function heroTitles(lang: string | null, slots: string[]): Promise<string[]> {
    const path = `/promo-locale-${Object.keys(pages).length}.html`;
    pages[path] = `<!doctype html><html${lang === null ? '' : ` lang="${lang}"`}><head><meta charset="utf-8"><title>t</title></head><body>
${slots.map((attributes, i) => `<div id="s${i}" data-focal-slot="home-hero" ${attributes}></div>`).join('\n')}
<script async src="/packages/widgets/dist/focal.min.js" data-endpoint="${adapter.url}" data-site-key="${adapter.siteKey}" data-reranker="false"></script>
</body></html>`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${site.url}${path}`);
    const titles: string[] = [];
    for (let i = 0; i < slots.length; i++) titles.push(await page.locator(`#s${i} .focal-Promo-title`).innerText());
    await context.close();
    expect(errors).toEqual([]);
    return titles;
  }

  it('a French page (<html lang="fr-CA">) shows the French promotion; a slot marked data-focal-locale="en-GB" the English one', async () => {
    expect(await heroTitles('fr-CA', ['', 'data-focal-locale="en-GB"'])).toEqual([TITLES['fr-FR'], TITLES['en-US']]);
    expect(await heroTitles('en', [''])).toEqual([TITLES['en-US']]);
  });

  it('a PHP template\'s lang="fr_FR" is read as fr-FR; a page without a language, or with one that is not a tag, gets the default locale\'s', async () => {
    expect(await heroTitles('fr_FR', [''])).toEqual([TITLES['fr-FR']]);
    expect(await heroTitles(null, [''])).toEqual([TITLES['en-US']]);
    expect(await heroTitles('français', [''])).toEqual([TITLES['en-US']]);
  });
});
