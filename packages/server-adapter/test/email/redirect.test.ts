import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { TestAdapter } from '../../../../tests/helpers/adapter.js';
import { signLinkToken, type LinkClaims } from '../../src/email/token.js';
import { BACKENDS, LINK_SECRET, SHOP, asAdmin, hrefs, products, startEmailAdapter } from './setup.js';

describe.each(BACKENDS)('on $name', ({ databaseUrl }) => {
  let adapter: TestAdapter;
  beforeAll(async () => { adapter = await startEmailAdapter(databaseUrl); });
  afterAll(async () => adapter?.close());

  /** The links of an email for a shopper without history (one per campaign, so earlier clicks never warm them up). */
  async function emailLinks(campaign: string, user = `cold-${campaign}`): Promise<{ links: string[]; requestId: string }> {
    const response = await asAdmin(adapter, `/v1/email/recommendations.html?user=${user}&layout=row&columns=3&campaign=${campaign}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    // One link per product: image, title, HTML button and Outlook button share it.
    return { links: [...new Set(hrefs(html))], requestId: response.headers.get('x-focal-request-id')! };
  }

  const clicks = async () => adapter.storedEvents({ type: 'rec_click' });

  function claims(overrides: Partial<LinkClaims> = {}): LinkClaims {
    return {
      s: adapter.siteKey, d: `${SHOP}/products/P1`, pid: 'P1', c: 'hand-made', r: 'req-hand', p: 'email-for-you', i: 0,
      u: 'cust-cold', e: Math.floor(Date.now() / 1000) + 3600, ...overrides,
    };
  }

  describe('GET /r/:token', () => {
    it('redirects a valid link to the product with the UTM tags and records exactly one rec_click', async () => {
      const before = (await clicks()).length;
      const { links, requestId } = await emailLinks('autumn-24');
      expect(links).toHaveLength(3);
      const response = await fetch(links[1], { redirect: 'manual' });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(`${SHOP}/products/P1`);
      expect(Object.fromEntries(location.searchParams)).toEqual({
        utm_source: 'focal', utm_medium: 'email', utm_campaign: 'autumn-24', utm_content: 'email-for-you-1',
        focal_rid: requestId, focal_pl: 'email-for-you', focal_pos: '1',
      });
      const after = await clicks();
      expect(after.length).toBe(before + 1);
      const click = after.at(-1)!;
      expect(click.userId).toBe('cold-autumn-24');
      expect(click.event.page?.type).toBe('email');
      expect(click.event.properties).toEqual({
        requestId, placement: 'email-for-you', productId: 'P1', position: 1, channel: 'email', strategy: 'best-sellers',
      });
    });

    it('a link does not reveal who the email was for (a CRM keyed by e-mail address), yet the click is theirs', async () => {
      const { links } = await emailLinks('privacy', encodeURIComponent('jane.doe@example.com'));
      expect(links).toHaveLength(3);
      for (const link of links) {
        const token = link.split('/r/')[1];
        for (const part of [token, ...token.split('.')]) {
          expect(Buffer.from(part, 'base64url').toString('latin1')).not.toContain('jane.doe');
          expect(decodeURIComponent(part)).not.toContain('jane.doe');
        }
      }
      const before = (await clicks()).length;
      expect((await fetch(links[0], { redirect: 'manual' })).status).toBe(302);
      const after = await clicks();
      expect(after.length).toBe(before + 1);
      expect(after.at(-1)!.userId).toBe('jane.doe@example.com');
    });

    it('a click in an email sent to an anonymous id is that visitor\'s (their profile, their data export), not a made-up user\'s', async () => {
      const visitor = 'anon-0193a7d2-visitor';
      const browse = {
        id: uuidv7(), type: 'product_view', createdAt: new Date().toISOString(), anonymousId: visitor, sessionId: 's-visitor',
        consent: { analytics: true, personalization: true }, page: { url: `${SHOP}/products/P7`, type: 'product' }, properties: { productId: 'P7' },
      };
      const stored = await fetch(`${adapter.url}/v1/events`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey }, body: JSON.stringify({ events: [browse] }),
      });
      expect(((await stored.json()) as { accepted: number }).accepted).toBe(1);
      const { links } = await emailLinks('anon-visit', visitor);
      const response = await fetch(links[0], { redirect: 'manual' });
      expect(response.status).toBe(302);
      const clicked = new URL(response.headers.get('location')!).pathname.split('/').at(-1)!;
      const click = (await clicks()).at(-1)!;
      expect(click.event.properties).toMatchObject({ productId: clicked, channel: 'email' });
      expect(click.anonymousId).toBe(visitor);
      expect(click.userId).toBeUndefined();
      // what the visitor's browser reads back: the product clicked in the email is among their recent views
      const asVisitor = { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': visitor };
      const profile = await (await fetch(`${adapter.url}/v1/profiles/me`, { headers: asVisitor })).json() as { recentViews: { productId: string }[] };
      expect(profile.recentViews[0]?.productId).toBe(clicked);
      expect(profile.recentViews.map((v) => v.productId)).toContain('P7');
      const exported = await (await fetch(`${adapter.url}/v1/profiles/me/export`, { headers: asVisitor })).json() as { events: { type: string }[] };
      expect(exported.events.map((e) => e.type)).toEqual(['product_view', 'rec_click']);
      expect(await adapter.store.profiles.get(adapter.siteKey, `u:${visitor}`)).toBeUndefined();
    });

    it('every link of an email resolves through /r/ to its own product, in the order shown', async () => {
      const { links } = await emailLinks('resolve-all');
      const locations = [];
      for (const link of links) {
        const response = await fetch(link, { redirect: 'manual' });
        expect(response.status).toBe(302);
        locations.push(new URL(response.headers.get('location')!));
      }
      expect(locations.map((l) => l.pathname)).toEqual(['/products/P3', '/products/P1', '/products/P2']);
      expect(locations.map((l) => l.searchParams.get('utm_content'))).toEqual(['email-for-you-0', 'email-for-you-1', 'email-for-you-2']);
    });

    it('stores a double click (or a link scanner\'s retry) once, also across the end of a 10 s window', async () => {
      // Clicks on one link share an event id per 10 s window (CLICK_DEDUP_WINDOW_MS). On the real clock a run whose
      // two clicks straddled a window's end stored two; so this adapter's clock (the adapter runs in this process)
      // stands still, a second into a window.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 10, 24, 12, 0, 1) });
      const pinned = await startEmailAdapter(databaseUrl);
      try {
        const response = await asAdmin(pinned, '/v1/email/recommendations.html?user=cold-double&layout=row&columns=3&campaign=double-click');
        expect(response.status).toBe(200);
        const [link, other] = [...new Set(hrefs(await response.text()))];
        const click = async (url: string, at: number) => {
          vi.setSystemTime(at);
          expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
        };
        const [a, b] = await Promise.all([fetch(link!, { redirect: 'manual' }), fetch(link!, { redirect: 'manual' })]);
        expect([a.status, b.status]).toEqual([302, 302]);
        // and once more, a scanner's retry a few seconds later in the same window
        await click(link!, Date.UTC(2026, 10, 24, 12, 0, 8));
        expect(await pinned.storedEvents({ type: 'rec_click' })).toHaveLength(1);
        // a double click across a window's end (2 ms apart) is one click too; a click 10 s after it is a new one
        await click(other!, Date.UTC(2026, 10, 24, 12, 0, 9, 999));
        await click(other!, Date.UTC(2026, 10, 24, 12, 0, 10, 1));
        await click(other!, Date.UTC(2026, 10, 24, 12, 0, 15));
        expect(await pinned.storedEvents({ type: 'rec_click' })).toHaveLength(2);
        await click(other!, Date.UTC(2026, 10, 24, 12, 0, 20));
        expect(await pinned.storedEvents({ type: 'rec_click' })).toHaveLength(3);
      } finally {
        await pinned.close();
        vi.useRealTimers();
      }
    });

    it('a click the store cannot record still lands on the product (it answered 500 JSON to the shopper)', async () => {
      const { links } = await emailLinks('store-hiccup');
      const before = (await clicks()).length;
      // the events table refuses clicks for a moment (a failover, a full disk, a statement timeout would throw alike)
      await adapter.sql.query("ALTER TABLE events ADD CONSTRAINT test_refuse_clicks CHECK (type <> 'rec_click') NOT VALID");
      let response: Response;
      try {
        response = await fetch(links[0], { redirect: 'manual' });
      } finally {
        await adapter.sql.query('ALTER TABLE events DROP CONSTRAINT test_refuse_clicks');
      }
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(`${SHOP}/products/P3`);
      expect(location.searchParams.get('utm_campaign')).toBe('store-hiccup');
      expect((await clicks()).length).toBe(before);
      // once the store is back, the next click on that link is recorded
      expect((await fetch(links[0], { redirect: 'manual' })).status).toBe(302);
      expect((await clicks()).length).toBe(before + 1);
    });

    it('a HEAD request (link checker) gets the same redirect and records nothing', async () => {
      const { links } = await emailLinks('head-check');
      const before = (await clicks()).length;
      const response = await fetch(links[0], { method: 'HEAD', redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toContain('utm_campaign=head-check');
      expect((await clicks()).length).toBe(before);
    });

    it('answers 404 to a tampered token and records nothing', async () => {
      const { links } = await emailLinks('tamper');
      const token = links[0].split('/r/')[1];
      const [body, sig] = token.split('.');
      // the link's claims, pointed elsewhere, in the readable form links had before they were encrypted
      const redirected = Buffer.from(JSON.stringify({ ...claims({ c: 'tamper' }), d: 'https://evil.example/phish' })).toString('base64url');
      const flipped = (sig.startsWith('A') ? 'B' : 'A') + sig.slice(1);
      const middle = Math.floor(body.length / 2);
      const changed = body.slice(0, middle) + (body[middle] === 'A' ? 'B' : 'A') + body.slice(middle + 1);
      const before = (await clicks()).length;
      for (const bad of [`${redirected}.${sig}`, `${changed}.${sig}`, `${body}.${flipped}`, body, 'not-a-token', `${body.slice(1)}.${sig}`]) {
        const response = await fetch(`${adapter.url}/r/${bad}`, { redirect: 'manual' });
        expect(response.status, bad).toBe(404);
        expect(response.headers.get('location')).toBeNull();
        expect(await response.text()).toContain('Link not found');
      }
      expect((await clicks()).length).toBe(before);
    });

    it('answers 410 to an expired link and records nothing', async () => {
      const expired = await signLinkToken(claims({ e: Math.floor(Date.now() / 1000) - 1 }), LINK_SECRET);
      const before = (await clicks()).length;
      const response = await fetch(`${adapter.url}/r/${expired}`, { redirect: 'manual' });
      expect(response.status).toBe(410);
      expect(await response.text()).toContain(`<a href="${SHOP}">Go to the shop</a>`);
      expect((await clicks()).length).toBe(before);
    });

    it('never redirects outside the site\'s origins, even with a valid signature', async () => {
      const foreign = await signLinkToken(claims({ d: 'https://elsewhere.example/p' }), LINK_SECRET);
      const response = await fetch(`${adapter.url}/r/${foreign}`, { redirect: 'manual' });
      expect(response.status).toBe(404);
    });
  });

  describe('campaign kill switch', () => {
    it('expires every link of a campaign (410, nothing recorded) and stops new emails for it, leaving other campaigns alone', async () => {
      const { links } = await emailLinks('black-friday');
      const other = await emailLinks('cyber-monday');
      const refused = await fetch(`${adapter.url}/v1/admin/email/campaigns/black-friday/expire`, { method: 'POST' });
      expect(refused.status).toBe(401);
      const killed = await asAdmin(adapter, '/v1/admin/email/campaigns/black-friday/expire', { method: 'POST' });
      expect(killed.status).toBe(200);
      expect(await killed.json()).toMatchObject({ campaign: 'black-friday', alreadyExpired: false });
      const before = (await clicks()).length;
      for (const link of links) expect((await fetch(link, { redirect: 'manual' })).status).toBe(410);
      expect((await clicks()).length).toBe(before);
      expect((await fetch(other.links[0], { redirect: 'manual' })).status).toBe(302);
      expect((await clicks()).length).toBe(before + 1);
      const again = await asAdmin(adapter, '/v1/email/recommendations.html?user=cust-cold&campaign=black-friday');
      expect(again.status).toBe(410);
      const audit = await adapter.store.audit.list({ action: 'email.campaign.expire' });
      expect(audit.map((a) => a.details)).toContainEqual({ campaign: 'black-friday' });
    });
  });

  describe('campaign kill switch, several sites on one adapter', () => {
    const OTHER = 'https://other-shop.example';
    const OTHER_KEY = 'pk_other_shop';
    let multi: TestAdapter;
    beforeAll(async () => {
      multi = await startEmailAdapter(databaseUrl, { sites: [{ siteKey: OTHER_KEY, name: 'Other shop', allowedOrigins: [OTHER] }] });
      await multi.store.catalog.upsert(OTHER_KEY, products().map((p) => ({ ...p, url: p.url.replace(SHOP, OTHER), image: p.image?.replace(SHOP, OTHER) })));
    });
    afterAll(async () => multi?.close());

    const email = (site: string, campaign: string) => asAdmin(multi, `/v1/email/recommendations.html?user=cold-multi&campaign=${campaign}&site=${site}`);
    const linksOf = async (site: string, campaign: string) => {
      const response = await email(site, campaign);
      expect(response.status).toBe(200);
      return [...new Set(hrefs(await response.text()))];
    };

    it('expiring "newsletter" of one site leaves the other site\'s "newsletter" alone: its links, its new emails', async () => {
      const mine = await linksOf(multi.siteKey, 'newsletter');
      const theirs = await linksOf(OTHER_KEY, 'newsletter');
      const killed = await asAdmin(multi, `/v1/admin/email/campaigns/newsletter/expire?site=${multi.siteKey}`, { method: 'POST' });
      expect(killed.status).toBe(200);
      for (const link of mine) expect((await fetch(link, { redirect: 'manual' })).status).toBe(410);
      expect((await email(multi.siteKey, 'newsletter')).status).toBe(410);
      for (const link of theirs) {
        const response = await fetch(link, { redirect: 'manual' });
        expect(response.status).toBe(302);
        expect(response.headers.get('location')!.startsWith(`${OTHER}/products/`)).toBe(true);
      }
      expect((await email(OTHER_KEY, 'newsletter')).status).toBe(200);
      expect(await killed.json()).toMatchObject({ site: multi.siteKey, campaign: 'newsletter', alreadyExpired: false });
      const audit = await multi.store.audit.list({ action: 'email.campaign.expire' });
      expect(audit.map((a) => [a.siteKey, a.details])).toEqual([[multi.siteKey, { campaign: 'newsletter' }]]);
    });

    it('asks which site when the adapter serves several, and names an unknown one', async () => {
      const ambiguous = await asAdmin(multi, '/v1/admin/email/campaigns/spring/expire', { method: 'POST' });
      expect(ambiguous.status).toBe(400);
      expect(((await ambiguous.json()) as { error: { field: string; message: string } }).error).toMatchObject({ field: 'site', message: expect.stringContaining('?site=<site key>') });
      const unknown = await asAdmin(multi, '/v1/admin/email/campaigns/spring/expire?site=pk_nosuchsite', { method: 'POST' });
      expect(unknown.status).toBe(404);
      expect((await email(OTHER_KEY, 'spring')).status).toBe(200);
    });
  });
});
