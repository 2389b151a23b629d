import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { urlSignature } from '../../src/email/token.js';
import { validateHtml } from '../../../widgets/test/email/email-lint.js';
import { BACKENDS, LINK_SECRET, SHOP, asAdmin, hrefs, purchase, shownIds, startEmailAdapter } from './setup.js';

describe.each(BACKENDS)('on $name', ({ databaseUrl }) => {
  let adapter: TestAdapter;
  beforeAll(async () => { adapter = await startEmailAdapter(databaseUrl); });
  afterAll(async () => adapter?.close());

  const PATH = '/v1/email/recommendations';

  async function errorOf(response: Response) {
    return ApiError.parse(await response.json()).error;
  }

  describe('GET /v1/email/recommendations.html with the admin key', () => {
    it('answers a complete email whose every link is signed and goes through /r/', async () => {
      const response = await asAdmin(adapter, `${PATH}.html?user=cust-cold&placement=email-for-you&layout=grid&campaign=nov-news`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).not.toMatch(/<script/i);
      const links = hrefs(html);
      expect(links).toHaveLength(4 * 4);
      for (const link of links) expect(link).toMatch(new RegExp(`^${adapter.url}/r/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}$`));
    });

    it('answers valid email HTML, under 90 kB for 12 products with real signed links', async () => {
      const response = await asAdmin(adapter, `${PATH}.html?user=cust-cold&layout=row&columns=4&limit=12&campaign=size-check`);
      const html = await response.text();
      expect(await validateHtml(html)).toEqual([]);
      expect(Buffer.byteLength(html)).toBeLessThan(90 * 1024);
      for (const img of html.match(/<img\b[^>]*>/g) ?? []) expect(img).toMatch(/ alt="Frame P\d" width="\d+" style="display:block;/);
    });

    it('answers the plain-text part at .txt with the same products and signed links', async () => {
      const response = await asAdmin(adapter, `${PATH}.txt?user=cust-cold&layout=grid&campaign=nov-news`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const text = await response.text();
      expect(text).toMatch(/^Picked for you\n=+\n\n1\. Frame P3 \(Lumen\)\n   €102\.00\n   A best seller\n/);
      expect(text.match(new RegExp(`Shop now: ${adapter.url}/r/`, 'g'))).toHaveLength(4);
    });

    it('answers only the body block with fragment=1', async () => {
      const html = await (await asAdmin(adapter, `${PATH}.html?user=cust-cold&layout=hero&fragment=1`)).text();
      expect(html.startsWith('<table role="presentation"')).toBe(true);
      expect(html).not.toContain('<head>');
    });

    it('takes a locale with a Unicode extension: locale=en-u-nu-arab writes prices in Arabic-Indic digits', async () => {
      const response = await asAdmin(adapter, `${PATH}.txt?user=cust-cold&layout=row&columns=2&locale=en-u-nu-arab`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('١٠٢٫٠٠'); // P3, €102.00
    });

    it('refuses a query parameter it does not read, naming it and the accepted ones (lyout=hero was dropped: a row came)', async () => {
      const response = await asAdmin(adapter, `${PATH}.html?user=cust-cold&lyout=hero`);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error).toMatchObject({ code: 'unknown_parameter', field: 'lyout' });
      expect(error.message).toBe('unknown query parameter "lyout"; GET /v1/email/recommendations.html|.txt takes user, placement, layout, columns, '
        + 'limit, campaign, site, locale, currency, heading, preview, button, linkDays, fragment, expires, sig (and utm_* tags, which are ignored)');
      const text = await asAdmin(adapter, `${PATH}.txt?user=cust-cold&limt=1`);
      expect([text.status, (await errorOf(text)).field]).toEqual([400, 'limt']);
    });

    it('takes the utm_* tags an email service appends, and ignores them', async () => {
      const tagged = await asAdmin(adapter, `${PATH}.html?user=cust-cold&layout=row&columns=3&utm_source=esp&utm_medium=email&utm_campaign=nov`);
      expect(tagged.status).toBe(200);
      expect(shownIds(await tagged.text())).toEqual(['P3', 'P1', 'P2']);
    });

    it('refuses a request without the admin key or with a wrong one', async () => {
      const none = await fetch(`${adapter.url}${PATH}.html?user=u1`);
      expect(none.status).toBe(401);
      expect((await errorOf(none)).message).toContain('admin key');
      const wrong = await fetch(`${adapter.url}${PATH}.html?user=u1`, { headers: { authorization: 'Bearer not-the-admin-key-at-all' } });
      expect(wrong.status).toBe(401);
    });
  });

  describe('signed URLs (for an email service, no admin key)', () => {
    it('POST /v1/admin/email/sign makes URLs that work without the key, for .html and .txt', async () => {
      const signed = await asAdmin(adapter, '/v1/admin/email/sign', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ params: { user: 'cust-cold', placement: 'email-for-you', layout: 'row', campaign: 'nov-news' }, expiresInSeconds: 3600 }),
      });
      expect(signed.status).toBe(200);
      const { html, text } = await signed.json() as { html: string; text: string };
      const page = await fetch(html);
      expect(page.status).toBe(200);
      expect(shownIds(await page.text())).toEqual(['P3', 'P1', 'P2']);
      expect((await fetch(text)).status).toBe(200);
      const changed = new URL(html);
      changed.searchParams.set('user', 'cust-warm');
      const refused = await fetch(changed);
      expect(refused.status).toBe(401);
      expect((await errorOf(refused)).code).toBe('invalid_signature');
    });

    it('a signed URL still works with utm_* tags appended after signing; another parameter appended is named, a changed one refused', async () => {
      const signed = await asAdmin(adapter, '/v1/admin/email/sign', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ params: { user: 'cust-cold', layout: 'row', columns: 3, campaign: 'nov-news' }, expiresInSeconds: 3600 }),
      });
      const { html, text } = await signed.json() as { html: string; text: string };
      const tagged = new URL(html);
      tagged.searchParams.set('utm_source', 'esp');
      tagged.searchParams.set('utm_campaign', 'nov');
      const page = await fetch(tagged);
      expect(page.status).toBe(200);
      expect(shownIds(await page.text())).toEqual(['P3', 'P1', 'P2']);
      expect((await fetch(`${text}&utm_medium=email`)).status).toBe(200);
      const typo = await fetch(`${html}&lyout=hero`);
      expect(typo.status).toBe(400);
      expect(await errorOf(typo)).toMatchObject({ code: 'unknown_parameter', field: 'lyout' });
      // a tag does not open the signature to other changes
      tagged.searchParams.set('user', 'cust-warm');
      const changed = await fetch(tagged);
      expect([changed.status, (await errorOf(changed)).code]).toEqual([401, 'invalid_signature']);
    });

    it('POST /v1/admin/email/sign refuses a parameter that is not text, a number or true/false, naming it (null was signed as the shopper "null")', async () => {
      const sign = (params: Record<string, unknown>) => asAdmin(adapter, '/v1/admin/email/sign', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ params }),
      });
      for (const [params, field, got] of [
        [{ user: null }, 'params.user', 'null'],
        [{ user: { id: 'cust-1' } }, 'params.user', 'an object'],
        [{ user: ['cust-1', 'cust-2'] }, 'params.user', 'a list'],
        [{ user: 'cust-1', heading: null }, 'params.heading', 'null'],
      ] as const) {
        const response = await sign(params);
        expect(response.status, JSON.stringify(params)).toBe(400);
        const error = await errorOf(response);
        expect(error).toMatchObject({ code: 'invalid_body', field });
        expect(error.message).toBe(`${field} must be text, a number or true/false; got ${got}`);
      }
      // numbers and booleans are written as the query would carry them
      const signed = await sign({ user: 'cust-cold', columns: 2, fragment: true, layout: 'row' });
      expect(signed.status).toBe(200);
      const { html } = await signed.json() as { html: string };
      expect(Object.fromEntries(new URL(html).searchParams)).toMatchObject({ user: 'cust-cold', columns: '2', fragment: 'true' });
      const page = await fetch(html);
      expect(page.status).toBe(200);
      expect((await page.text()).startsWith('<table role="presentation"')).toBe(true);
    });

    it('refuses an expired signed URL with 410', async () => {
      const params = new URLSearchParams({ user: 'cust-cold', expires: String(Math.floor(Date.now() / 1000) - 5) });
      params.set('sig', urlSignature(`${PATH}.html`, params, LINK_SECRET));
      const response = await fetch(`${adapter.url}${PATH}.html?${params}`);
      expect(response.status).toBe(410);
      expect((await errorOf(response)).code).toBe('url_expired');
    });
  });

  describe('behind a proxy or on an internal host: publicUrl', () => {
    const PUBLIC = 'https://focal.shop.example/edge';
    let proxied: TestAdapter;
    beforeAll(async () => { proxied = await startEmailAdapter(databaseUrl, { publicUrl: `${PUBLIC}/` }); });
    afterAll(async () => proxied?.close());
    /** What the proxy does: the public address in, the adapter's own address out. */
    const throughProxy = (url: string) => url.replace(PUBLIC, proxied.url);

    it('every link of the email (HTML and text) points at the public URL, and works through it', async () => {
      const response = await asAdmin(proxied, `${PATH}.html?user=cust-cold&layout=row&columns=3&campaign=proxied`);
      expect(response.status).toBe(200);
      const links = hrefs(await response.text());
      expect(links).toHaveLength(3 * 4);
      for (const link of links) expect(link).toMatch(new RegExp(`^${PUBLIC}/r/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}$`));
      const text = await (await asAdmin(proxied, `${PATH}.txt?user=cust-cold&campaign=proxied`)).text();
      expect(text).toContain(`Shop now: ${PUBLIC}/r/`);
      expect(text).not.toContain(proxied.url);
      const click = await fetch(throughProxy(links[0]), { redirect: 'manual' });
      expect(click.status).toBe(302);
      expect(click.headers.get('location')).toMatch(new RegExp(`^${SHOP}/products/P3\\?`));
    });

    it('signed URLs for the email service point at the public URL too, and work through it', async () => {
      const signed = await asAdmin(proxied, '/v1/admin/email/sign', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ params: { user: 'cust-cold', layout: 'row', campaign: 'proxied' }, expiresInSeconds: 3600 }),
      });
      const { html, text } = await signed.json() as { html: string; text: string };
      expect(html.startsWith(`${PUBLIC}/v1/email/recommendations.html?`)).toBe(true);
      expect(text.startsWith(`${PUBLIC}/v1/email/recommendations.txt?`)).toBe(true);
      const page = await fetch(throughProxy(html));
      expect(page.status).toBe(200);
      expect(shownIds(await page.text())).toEqual(['P3', 'P1', 'P2']);
    });
  });

  describe('bad input gets a clear 400', () => {
    it.each([
      ['placement=email-for-you', 'user', 'user is required'],
      ['user=u1&placement=pdp-similar', 'placement', 'placement "pdp-similar" is not an email placement; use one of email-for-you, email-best-sellers'],
      ['user=u1&layout=carousel', 'layout', 'layout "carousel" is not known; use one of row, grid, hero'],
      ['user=u1&columns=7', 'columns', 'columns must be a whole number from 2 to 4'],
      ['user=u1&campaign=bad%20name', 'campaign', 'campaign must be 1-64 letters'],
      ['user=u1&locale=xx_1!', 'locale', 'locale must be a BCP-47 language tag'],
      ['user=u1&preview=' + 'x'.repeat(201), 'preview', 'preview must be at most 200 characters'],
      ['user=u1&button=' + 'x'.repeat(41), 'button', 'button must be at most 40 characters'],
      ['user=u1&button=', 'button', 'button must not be empty'],
      ['user=u1&site=pk_nosuchsite', 'site', 'site "pk_nosuchsite" is not known'],
      // empty values from a template whose variable was blank: they used to answer 200 with the site's defaults
      ['user=u1&currency=', 'currency', 'currency is empty: give an ISO-4217 code such as EUR, or leave the parameter out'],
      ['user=u1&locale=', 'locale', 'locale is empty: give a BCP-47 language tag such as de-DE, or leave the parameter out'],
      // fragment=yes used to answer the whole document, as if it said false
      ['user=u1&fragment=yes', 'fragment', 'fragment must be 1 or true (only the body block), 0 or false (the whole document); got "yes"'],
      // a repeated parameter: the first one was used without a word (the email of cust-a for a request that also named cust-b)
      ['user=cust-a&user=cust-b', 'user', 'query parameter "user" is given more than once'],
      ['user=u1&limit=2&limit=9', 'limit', 'query parameter "limit" is given more than once'],
    ])('%s → %s', async (query, field, message) => {
      const response = await asAdmin(adapter, `${PATH}.html?${query}`);
      expect([400, 404]).toContain(response.status);
      const error = await errorOf(response);
      expect(error.field).toBe(field);
      expect(error.message).toContain(message);
    });
  });

  describe('a site whose settings.email is wrong', () => {
    it('answers 500 naming the site setting to fix, not a 400 that blames the email service\'s query', async () => {
      const site = (await adapter.store.sites.get(adapter.siteKey))!;
      const withEmail = (email: unknown) => adapter.store.sites.upsert({ ...site, settings: { ...site.settings, email } });
      try {
        await withEmail({ theme: { accent: 'blue' } });
        const response = await asAdmin(adapter, `${PATH}.html?user=u1&layout=grid`);
        expect(response.status).toBe(500);
        const error = await errorOf(response);
        expect(error).toMatchObject({ code: 'invalid_site_settings', field: 'settings.email.theme.accent' });
        expect(error.message).toContain(`site "${adapter.siteKey}": settings.email.theme.accent must be a hex colour`);
        expect(error.message).toContain('must be a hex colour');
        // the query's own value replaces the site's: a bad one is still the query's 400
        await withEmail({ locale: 'de_' });
        expect(await errorOf(await asAdmin(adapter, `${PATH}.txt?user=u1`))).toMatchObject({ code: 'invalid_site_settings', field: 'settings.email.locale' });
        // a setting under a name there is none of would be left out, every email going out without it
        await withEmail({ button: 'Jetzt ansehen', locale: 'de-DE' });
        const misnamed = await asAdmin(adapter, `${PATH}.html?user=u1`);
        expect(misnamed.status).toBe(500);
        const misnamedError = await errorOf(misnamed);
        expect(misnamedError).toMatchObject({ code: 'invalid_site_settings', field: 'settings.email.button' });
        expect(misnamedError.message).toContain(`site "${adapter.siteKey}": settings.email.button is not an email setting (buttonText is the one meant); the settings are theme, locale, currency, heading, buttonText`);
        await withEmail('de-DE');
        expect(await errorOf(await asAdmin(adapter, `${PATH}.txt?user=u1`))).toMatchObject({ code: 'invalid_site_settings', field: 'settings.email' });
        await withEmail({ buttonText: 'Jetzt ansehen', locale: 'de-DE' });
        expect(await (await asAdmin(adapter, `${PATH}.txt?user=u1`)).text()).toContain('Jetzt ansehen');
        const fromQuery = await asAdmin(adapter, `${PATH}.txt?user=u1&locale=xx_1!`);
        expect(fromQuery.status).toBe(400);
        expect(await errorOf(fromQuery)).toMatchObject({ code: 'invalid_query', field: 'locale' });
        expect((await asAdmin(adapter, `${PATH}.txt?user=u1&locale=de-DE`)).status).toBe(200);
      } finally {
        await adapter.store.sites.upsert(site);
      }
    });
  });

  describe('which products', () => {
    it('a cold or unknown shopper gets the best sellers, most units first, in stock only (P5 is sold out)', async () => {
      const response = await asAdmin(adapter, `${PATH}.html?user=nobody-knows-me&layout=row&columns=4`);
      expect(response.headers.get('x-focal-source')).toBe('best-sellers');
      expect(shownIds(await response.text())).toEqual(['P3', 'P1', 'P2', 'P4']);
    });

    it('a known shopper gets the recommendation service\'s answer, never what they bought (P3) nor what is sold out (P5)', async () => {
      const response = await asAdmin(adapter, `${PATH}.html?user=cust-warm&layout=row&columns=4`);
      expect(response.headers.get('x-focal-source')).toMatch(/^personal/);
      const ids = shownIds(await response.text());
      expect(ids).toHaveLength(4);
      expect(ids).not.toContain('P3');
      expect(ids).not.toContain('P5');
    });

    it('tops up to every in-stock product not bought, and makes relative catalog URLs absolute on the shop origin', async () => {
      const html = await (await asAdmin(adapter, `${PATH}.html?user=cust-warm&layout=grid&limit=8`)).text();
      expect(shownIds(html).sort()).toEqual(['P1', 'P2', 'P4', 'P6', 'P7', 'P8']);
      expect(html).toContain(`src="${SHOP}/img/P8.svg"`);
    });
  });

  describe('a catalog in several currencies', () => {
    let shop: TestAdapter;
    // Four EUR best sellers, then two frames priced in yen and one in Kuwaiti dinars (one yen frame sold out).
    const priced = (id: string, currency: string, price: number, inStock = true) => ({
      id, title: `Frame ${id}`, url: `${SHOP}/products/${id}`, image: `${SHOP}/img/${id}.jpg`, price, currency,
      categoryPath: ['Frames'], inStock,
    });
    beforeAll(async () => {
      shop = await startTestAdapter({
        allowedOrigins: [SHOP], ...(databaseUrl ? { databaseUrl } : {}),
        products: [priced('P1', 'EUR', 100), priced('P2', 'EUR', 101), priced('P3', 'EUR', 102), priced('P4', 'EUR', 103),
          priced('P6', 'JPY', 12800), priced('P7', 'JPY', 9800, false), priced('P8', 'JPY', 15000), priced('P9', 'KWD', 12.345)],
      });
      const events = [purchase('P1', 5, { anonymousId: 'b1' }), purchase('P2', 4, { anonymousId: 'b2' }), purchase('P3', 3, { anonymousId: 'b3' }), purchase('P8', 1, { anonymousId: 'b4' })];
      const stored = await fetch(`${shop.url}/v1/events`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': shop.siteKey }, body: JSON.stringify({ events }),
      });
      expect(((await stored.json()) as { accepted: number }).accepted).toBe(events.length);
    });
    afterAll(async () => shop?.close());

    it('an email in yen shows the in-stock products priced in yen (best sellers first), not an empty block', async () => {
      const response = await asAdmin(shop, `${PATH}.html?user=nobody-knows-me&layout=row&columns=3&currency=JPY&locale=ja-JP`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(shownIds(html)).toEqual(['P8', 'P6']);
      expect(response.headers.get('x-focal-items')).toBe('2');
      expect(html).toMatch(/[¥￥]12,800/);
      expect(await validateHtml(html)).toEqual([]);
      const text = await (await asAdmin(shop, `${PATH}.txt?user=nobody-knows-me&currency=KWD`)).text();
      expect(text).toContain('Frame P9');
      expect(text).not.toContain('Frame P1');
    });

    it('without a currency, the email takes its first product\'s and never mixes € with ¥', async () => {
      const response = await asAdmin(shop, `${PATH}.html?user=nobody-knows-me&layout=grid&limit=8`);
      expect(response.status).toBe(200);
      // best sellers first: P1 (EUR) sets the currency; the yen best seller P8 is left out
      expect(shownIds(await response.text())).toEqual(['P1', 'P2', 'P3', 'P4']);
    });

    it('the site\'s settings.email.currency chooses the products too', async () => {
      await shop.store.sites.upsert({ siteKey: shop.siteKey, name: 'Shop', allowedOrigins: [SHOP], settings: { email: { currency: 'JPY' } } });
      const response = await asAdmin(shop, `${PATH}.html?user=nobody-knows-me&layout=grid`);
      expect(shownIds(await response.text())).toEqual(['P8', 'P6']);
    });
  });
});
