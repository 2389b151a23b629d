import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Promotion } from '@focal/sdk-core/contracts';
import { createContentfulProvider } from '../../src/content/contentful-provider.js';
import { createStoryblokProvider, storyblokPromotion } from '../../src/content/storyblok-provider.js';
import { createLocalProvider, defaultPromotionsFile } from '../../src/content/local-provider.js';
import { eligiblePromotions } from '../../src/content/eligibility.js';
import { contentConfigFromEnv, parseContentConfig } from '../../src/content/config.js';
import { demoPromotions, DEFAULT_DEMO_NOW } from '../../src/demo/index.js';
import { fixture, startCmsServer, type CmsServer } from './cms-server.js';

const ENTRIES = '/spaces/focal0space/environments/staging/entries';
let cms: CmsServer;
const signal = () => new AbortController().signal;

beforeAll(async () => {
  cms = await startCmsServer();
});
afterAll(() => cms.close());
beforeEach(() => {
  cms.requests.length = 0;
  cms.mode = 'ok';
  cms.routes.clear();
});

describe('Contentful provider (Delivery API, recorded responses)', () => {
  const provider = () => createContentfulProvider({
    spaceId: 'focal0space', environment: 'staging', accessToken: 'cda-token', locale: 'en-US', host: cms.url,
  });

  it('queries the entries of the promotion type with the token, locale and includes', async () => {
    cms.routes.set(ENTRIES, () => [200, fixture('contentful-entries.json')]);
    await provider().fetchPromotions(signal());
    const [request] = cms.requests;
    expect(request.path).toBe(ENTRIES);
    expect(request.headers.authorization).toBe('Bearer cda-token');
    expect(Object.fromEntries(request.query)).toMatchObject({ content_type: 'promotion', locale: 'en-US', include: '2', skip: '0' });
  });

  it('normalises entries into promotions, resolving the image asset and rich text, and skips broken ones', async () => {
    cms.routes.set(ENTRIES, () => [200, fixture('contentful-entries.json')]);
    const { promotions, skipped } = await provider().fetchPromotions(signal());
    expect(promotions.every((p) => Promotion.safeParse(p).success)).toBe(true);
    expect(promotions.map((p) => p.id)).toEqual(['6bVhQ1dXKrM0Q3kZfQ2s7a', '1ZcontactsSubscribe', '4summerSunglasses']);
    expect(promotions[0]).toEqual({
      id: '6bVhQ1dXKrM0Q3kZfQ2s7a', slot: 'home-hero', title: 'Students: 20% off all frames',
      body: 'Show your student card once and save.\n\nLenses included.',
      image: { url: 'https://images.ctfassets.net/focal0space/3xAsset0student/4f1e9c/students.jpg', alt: 'Two students trying on round glasses', width: 1200, height: 500 },
      cta: { label: 'Shop frames', url: '/c/frames/optical-frames' },
      startsAt: '2026-08-31T22:00:00.000Z', priority: 100, segment: { traits: { student: true } }, source: 'contentful',
    });
    expect(promotions[1]).toMatchObject({ startsAt: '2026-10-01T00:00:00.000Z', segment: { categories: ['Contact lenses'], minAffinity: 0.1 } });
    expect(promotions[2]).toMatchObject({ endsAt: '2027-08-31T23:59:59.000Z' });
    expect(skipped).toEqual([{ id: '7brokenNoTitle', reason: expect.stringContaining('title') }]);
  });

  it('pages through large spaces with skip/limit', async () => {
    const page = fixture<{ items: { sys: { id: string } }[] }>('contentful-entries.json');
    const many = Array.from({ length: 250 }, (_, i) => ({ ...page.items[2], sys: { ...page.items[2].sys, id: `e${i}` } }));
    cms.routes.set(ENTRIES, (q) => {
      const skip = Number(q.get('skip'));
      const limit = Number(q.get('limit'));
      return [200, { sys: { type: 'Array' }, total: many.length, skip, limit, items: many.slice(skip, skip + limit) }];
    });
    const { promotions } = await provider().fetchPromotions(signal());
    expect(promotions).toHaveLength(250);
    expect(cms.requests.map((r) => r.query.get('skip'))).toEqual(['0', '200']);
  });

  it('keeps the items of a rich-text list and the lines of a Storyblok line break apart in the body', async () => {
    const text = (value: string) => ({ nodeType: 'text', value, marks: [], data: {} });
    const paragraph = (value: string) => ({ nodeType: 'paragraph', data: {}, content: [text(value)] });
    const item = (value: string) => ({ nodeType: 'list-item', data: {}, content: [paragraph(value)] });
    const page = fixture<{ items: { fields: Record<string, unknown> }[] }>('contentful-entries.json');
    page.items[2].fields.body = { nodeType: 'document', data: {}, content: [paragraph('Why buy from us:'), { nodeType: 'unordered-list', data: {}, content: [item('Free shipping'), item('Free returns')] }] };
    cms.routes.set(ENTRIES, () => [200, page]);
    const sunglasses = (await provider().fetchPromotions(signal())).promotions.find((p) => p.id === '4summerSunglasses');
    expect(sunglasses?.body?.split(/\s*\n\s*/).filter(Boolean)).toEqual(['Why buy from us:', 'Free shipping', 'Free returns']);
    const story = storyblokPromotion('s1', { content: { title: 'Eye test', slot: 'home-hero', body: { type: 'doc', content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'Mon–Fri 9–18' }, { type: 'hard_break' }, { type: 'text', text: 'Sat 10–16' }] },
    ] } } });
    expect(story.body?.split(/\s*\n\s*/)).toEqual(['Mon–Fri 9–18', 'Sat 10–16']);
  });

  it('runs a promotion with a date-only end date ("Date only" field) through that whole day', async () => {
    const page = fixture<{ items: { fields: Record<string, unknown> }[] }>('contentful-entries.json');
    Object.assign(page.items[2].fields, { startsAt: '2026-11-27', endsAt: '2026-11-30' }); // Black Friday weekend, ends on Monday
    cms.routes.set(ENTRIES, () => [200, page]);
    const { promotions } = await provider().fetchPromotions(signal());
    const shown = (at: string) => eligiblePromotions(promotions, null, new Date(at)).map((p) => p.id);
    expect(shown('2026-11-27T00:00:00Z')).toContain('4summerSunglasses');
    expect(shown('2026-11-30T15:00:00Z')).toContain('4summerSunglasses');
    expect(shown('2026-12-01T00:00:00Z')).not.toContain('4summerSunglasses');
  });

  it('reads a date-time without a zone as UTC with or without seconds, whatever the server\'s time zone', async () => {
    const page = fixture<{ items: { fields: Record<string, unknown> }[] }>('contentful-entries.json');
    Object.assign(page.items[2].fields, { startsAt: '2026-11-27T10:00:00', endsAt: '2026-11-27T18:30:00.000' });
    cms.routes.set(ENTRIES, () => [200, page]);
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Berlin'; // an adapter host set to local time: 10:00 read as local was 09:00 UTC
    try {
      const { promotions } = await provider().fetchPromotions(signal());
      expect(promotions.find((p) => p.id === '4summerSunglasses')).toMatchObject({ startsAt: '2026-11-27T10:00:00.000Z', endsAt: '2026-11-27T18:30:00.000Z' });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads dates without a zone in the shop\'s time zone (timeZone), summer and winter time alike', async () => {
    // a Paris shop: the Black Friday sale runs from Friday 00:00 through Sunday in Paris, the summer sale from 1 July 09:00
    const page = fixture<{ items: { fields: Record<string, unknown> }[] }>('contentful-entries.json');
    Object.assign(page.items[2].fields, { startsAt: '2026-11-27', endsAt: '2026-11-29' });
    Object.assign(page.items[1].fields, { startsAt: '2026-07-01T09:00', endsAt: '2026-07-31T23:59:59' });
    cms.routes.set(ENTRIES, () => [200, page]);
    const paris = createContentfulProvider({ spaceId: 'focal0space', environment: 'staging', accessToken: 'cda-token', host: cms.url, timeZone: 'Europe/Paris' });
    const { promotions } = await paris.fetchPromotions(signal());
    expect(promotions.find((p) => p.id === '4summerSunglasses')).toMatchObject({ startsAt: '2026-11-26T23:00:00.000Z', endsAt: '2026-11-29T23:00:00.000Z' });
    expect(promotions.find((p) => p.id === '1ZcontactsSubscribe')).toMatchObject({ startsAt: '2026-07-01T07:00:00.000Z', endsAt: '2026-07-31T21:59:59.000Z' });
    const shown = (at: string) => eligiblePromotions(promotions, null, new Date(at)).map((p) => p.id);
    expect(shown('2026-11-26T23:30:00Z')).toContain('4summerSunglasses'); // 00:30 on Friday in Paris
    expect(shown('2026-11-29T23:30:00Z')).not.toContain('4summerSunglasses'); // 00:30 on Monday in Paris
    // a time zone the runtime does not know is refused when the adapter starts, naming the setting
    expect(() => parseContentConfig({ provider: 'contentful', contentful: { spaceId: 's', accessToken: 't', timeZone: 'Paris' } }))
      .toThrow(/content\.contentful\.timeZone: must be a time zone name such as "Europe\/Paris"/);
    expect(parseContentConfig(contentConfigFromEnv({ FOCAL_CONTENT_PROVIDER: 'contentful', CONTENTFUL_SPACE_ID: 's', CONTENTFUL_ACCESS_TOKEN: 't', CONTENTFUL_TIME_ZONE: 'Europe/Paris' })).contentful?.timeZone).toBe('Europe/Paris');
  });

  it('fails with Contentful\'s own message on a bad token', async () => {
    cms.routes.set(ENTRIES, () => [401, fixture('contentful-error-401.json')]);
    await expect(provider().fetchPromotions(signal())).rejects.toThrow(/401: The access token you sent could not be found.*check the access token/);
  });
});

describe('Storyblok provider (Content Delivery API v2, recorded responses)', () => {
  const provider = () => createStoryblokProvider({ token: 'sb-public', baseUrl: cms.url });
  const serve = () => {
    cms.routes.set('/v2/cdn/spaces/me', () => [200, fixture('storyblok-space.json')]);
    cms.routes.set('/v2/cdn/stories', () => [200, fixture('storyblok-stories.json'), { total: '4', 'per-page': '100' }]);
  };

  it('asks for the space cache version first, then the promotion stories with that cv', async () => {
    serve();
    await provider().fetchPromotions(signal());
    expect(cms.requests.map((r) => r.path)).toEqual(['/v2/cdn/spaces/me', '/v2/cdn/stories']);
    expect(Object.fromEntries(cms.requests[1].query)).toMatchObject({
      token: 'sb-public', version: 'published', starts_with: 'promotions/', content_type: 'promotion', cv: '1763890000', page: '1',
    });
  });

  it('shows a promotion published after the first fetch at the next refresh, without a webhook (the CDN keeps old cv answers)', async () => {
    // Storyblok's CDN answers each cv with the content as it was at that version, for up to a year; publishing moves
    // the space version on. Another adapter process behind the load balancer never gets the webhook.
    const recorded = fixture<{ stories: { uuid: string; content: object }[] }>('storyblok-stories.json');
    const published = { ...recorded.stories[1], uuid: 'black-friday', content: { ...recorded.stories[1].content, title: 'Black Friday: 40% off' } };
    let version = 1763890000;
    const byCv = new Map<number, unknown[]>([[version, recorded.stories]]);
    cms.routes.set('/v2/cdn/spaces/me', () => [200, { space: { id: 287654, name: 'Focal Optics', version } }]);
    cms.routes.set('/v2/cdn/stories', (q) => {
      const stories = byCv.get(Number(q.get('cv'))) ?? [];
      return [200, { stories, cv: Number(q.get('cv')) }, { total: String(stories.length) }];
    });
    const p = provider();
    expect((await p.fetchPromotions(signal())).promotions.map((x) => x.id)).not.toContain('black-friday');
    version += 60; // a marketer publishes the Black Friday promotion
    byCv.set(version, [...recorded.stories, published]);
    expect((await p.fetchPromotions(signal())).promotions.map((x) => x.id)).toContain('black-friday');
    expect(cms.requests.filter((r) => r.path === '/v2/cdn/stories').map((r) => r.query.get('cv'))).toEqual(['1763890000', '1763890060']);
  });

  it('normalises stories: dates, number fields as text, asset sizes, links, JSON traits; skips broken ones', async () => {
    serve();
    const { promotions, skipped } = await provider().fetchPromotions(signal());
    expect(promotions.every((p) => Promotion.safeParse(p).success)).toBe(true);
    expect(promotions[0]).toEqual({
      id: '0b6d3c6e-7a51-4c8c-9f3a-1c1f5a1e2b01', slot: 'home-hero', title: 'Students: 20% off all frames',
      body: 'Show your student card once and save.',
      image: { url: 'https://a.storyblok.com/f/287654/1200x500/5e1f2a3b4c/students.jpg', alt: 'Two students trying on round glasses', width: 1200, height: 500 },
      cta: { label: 'Shop frames', url: '/c/frames/optical-frames' },
      startsAt: '2026-09-01T00:00:00.000Z', priority: 100, segment: { traits: { student: true } }, source: 'storyblok',
    });
    expect(promotions[1]).toMatchObject({ endsAt: '2027-01-31T23:59:00.000Z', cta: { url: 'https://shop.example/eye-test' }, priority: 10 });
    expect(promotions[1].image).toBeUndefined();
    expect(promotions[2]).toMatchObject({ segment: { categories: ['Contact lenses'], minAffinity: 0.1 }, priority: 80 });
    expect(promotions[2].cta).toBeUndefined();
    expect(skipped).toEqual([{ id: '0b6d3c6e-7a51-4c8c-9f3a-1c1f5a1e2b04', reason: expect.stringContaining('segment_traits must be a JSON object') }]);
  });

  it('shows the image of an "Image (old)" field (a protocol-relative string) and of a protocol-relative asset, as https', async () => {
    const recorded = fixture<{ stories: { uuid: string; content: Record<string, unknown> }[] }>('storyblok-stories.json');
    const base = recorded.stories[1];
    const stories = [
      { ...base, uuid: 'old-image-field', content: { ...base.content, image: '//a.storyblok.com/f/287654/1200x500/9a8b7c6d5e/sale.jpg' } },
      { ...base, uuid: 'old-asset', content: { ...base.content, image: { id: 7, alt: 'Sale', name: '', focus: null, title: '', filename: '//a.storyblok.com/f/287654/800x800/1a2b3c/tile.jpg', copyright: '', fieldtype: 'asset' } } },
    ];
    cms.routes.set('/v2/cdn/spaces/me', () => [200, fixture('storyblok-space.json')]);
    cms.routes.set('/v2/cdn/stories', () => [200, { stories, cv: 1763890000 }, { total: '2' }]);
    const { promotions, skipped } = await provider().fetchPromotions(signal());
    expect(skipped).toEqual([]);
    expect(promotions.map((p) => p.image)).toEqual([
      { url: 'https://a.storyblok.com/f/287654/1200x500/9a8b7c6d5e/sale.jpg', alt: '', width: 1200, height: 500 },
      { url: 'https://a.storyblok.com/f/287654/800x800/1a2b3c/tile.jpg', alt: 'Sale', width: 800, height: 800 },
    ]);
  });

  it('links a story by its current slug: a page renamed after the promotion was published is not linked by its old one', async () => {
    // The student promotion links the frames page (a story link). An editor has since renamed that page; the promotion's
    // cached_url still holds the slug it had when the promotion was published. resolve_links=url gives the current one.
    const recorded = fixture<{ stories: { uuid: string; content: Record<string, unknown> }[] }>('storyblok-stories.json');
    const student = recorded.stories[0]!;
    const frames = 'a0c1e2f3-0000-4000-8000-00000000f4a3';
    const story = { ...student, content: { ...student.content, cta_url: { id: frames, url: '', linktype: 'story', fieldtype: 'multilink', cached_url: 'c/frames/optical-frames' } } };
    cms.routes.set('/v2/cdn/spaces/me', () => [200, fixture('storyblok-space.json')]);
    cms.routes.set('/v2/cdn/stories', (q) => [200, {
      stories: [story], cv: 1763890000,
      // what Storyblok sends with resolve_links=url: the linked stories, as they are now
      ...(q.get('resolve_links') === 'url' ? { links: [{ id: 512340077, uuid: frames, name: 'Optical frames', slug: 'optical', full_slug: 'c/glasses/optical', url: 'c/glasses/optical' }] } : {}),
    }, { total: '1' }]);
    const { promotions } = await provider().fetchPromotions(signal());
    expect(promotions.map((p) => p.cta)).toEqual([{ label: 'Shop frames', url: '/c/glasses/optical' }]);
    // a link the response did not resolve (Storyblok sends link_uuids instead of links past its limit) keeps its cached_url
    cms.routes.set('/v2/cdn/stories', () => [200, { stories: [story], cv: 1763890000, link_uuids: [frames] }, { total: '1' }]);
    expect((await provider().fetchPromotions(signal())).promotions.map((p) => p.cta?.url)).toEqual(['/c/frames/optical-frames']);
  });

  it('keeps the anchor of a call to action that links a section of a story (the editor\'s "Anchor" field)', async () => {
    const recorded = fixture<{ stories: { uuid: string; content: Record<string, unknown> }[] }>('storyblok-stories.json');
    const student = recorded.stories[0]!;
    const story = { ...student, content: { ...student.content, cta_url: { id: 'a0c1e2f3-0000-4000-8000-00000000f4a3', url: '', anchor: 'student-offer', linktype: 'story', fieldtype: 'multilink', cached_url: 'c/frames/optical-frames' } } };
    cms.routes.set('/v2/cdn/spaces/me', () => [200, fixture('storyblok-space.json')]);
    cms.routes.set('/v2/cdn/stories', () => [200, { stories: [story], cv: 1763890000 }, { total: '1' }]);
    const { promotions } = await provider().fetchPromotions(signal());
    expect(promotions.map((p) => p.cta?.url)).toEqual(['/c/frames/optical-frames#student-offer']);
  });

  it('pages by the total header', async () => {
    const story = fixture<{ stories: unknown[] }>('storyblok-stories.json').stories[1] as { uuid: string };
    const all = Array.from({ length: 130 }, (_, i) => ({ ...story, uuid: `story-${i}` }));
    cms.routes.set('/v2/cdn/spaces/me', () => [200, fixture('storyblok-space.json')]);
    cms.routes.set('/v2/cdn/stories', (q) => {
      const page = Number(q.get('page'));
      return [200, { stories: all.slice((page - 1) * 100, page * 100), cv: 1763890000 }, { total: String(all.length) }];
    });
    expect((await provider().fetchPromotions(signal())).promotions).toHaveLength(130);
  });

  it('fails clearly when the token is refused', async () => {
    cms.routes.set('/v2/cdn/spaces/me', () => [401, { error: 'Unauthorized' }]);
    await expect(provider().fetchPromotions(signal())).rejects.toThrow(/storyblok: answered 401: Unauthorized/);
  });
});

describe('local JSON provider', () => {
  it('ships the demo promotions as content/promotions.demo.json, in sync with the demo generator', async () => {
    const file = JSON.parse(readFileSync(defaultPromotionsFile(), 'utf8')) as { promotions: unknown[] };
    expect(file.promotions).toEqual(demoPromotions(new Date(DEFAULT_DEMO_NOW)));
    const { promotions, skipped } = await createLocalProvider().fetchPromotions(signal());
    expect(skipped).toEqual([]);
    expect(promotions.map((p) => p.id)).toContain('promo-student-frames');
  });

  it('keeps good promotions when a neighbour is invalid, and names the field to fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'focal-content-'));
    const file = join(dir, 'promos.json');
    writeFileSync(file, JSON.stringify([
      { id: 'ok', slot: 'home-hero', title: 'Fine', priority: 1 },
      { id: 'bad', slot: 'home-hero', title: 'No priority' },
      'not an object',
    ]));
    const { promotions, skipped } = await createLocalProvider({ file }).fetchPromotions(signal());
    expect(promotions).toEqual([{ id: 'ok', slot: 'home-hero', title: 'Fine', priority: 1, source: 'local' }]);
    expect(skipped.map((s) => s.id)).toEqual(['bad', '#2']);
    expect(skipped[0].reason).toMatch(/priority/);
  });

  it('fails with the path when the file is missing or not JSON', async () => {
    await expect(createLocalProvider({ file: '/nonexistent/promos.json' }).fetchPromotions(signal())).rejects.toThrow(/cannot read \/nonexistent\/promos.json \(ENOENT\)/);
    const dir = mkdtempSync(join(tmpdir(), 'focal-content-'));
    writeFileSync(join(dir, 'x.json'), '{ nope');
    await expect(createLocalProvider({ file: join(dir, 'x.json') }).fetchPromotions(signal())).rejects.toThrow(/is not valid JSON/);
  });
});

describe('Contentful paging while editors work', () => {
  it('reads every entry once when one is edited between two pages (creation order, not the default most-recently-updated first)', async () => {
    // Contentful's default order is sys.updatedAt descending: an entry edited while the adapter reads page 1 moves to
    // the front, so page 2 starts one later — that entry was missed and page 1's last one came twice
    const page = fixture<{ items: { sys: { id: string }; fields: Record<string, unknown> }[] }>('contentful-entries.json');
    const all = Array.from({ length: 250 }, (_, i) => ({
      sys: { id: `e${String(i).padStart(3, '0')}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), updatedAt: new Date(Date.UTC(2026, 5, 1, 0, 250 - i)).toISOString() },
      fields: { ...page.items[2].fields, title: `Promotion ${i}` },
    }));
    cms.routes.set('/spaces/focal0space/environments/staging/entries', (q) => {
      const skip = Number(q.get('skip'));
      const limit = Number(q.get('limit'));
      if (skip > 0) all[240].sys.updatedAt = '2026-11-25T10:00:00.000Z'; // a marketer fixes a typo in promotion 240
      const order = q.get('order');
      const key = order?.startsWith('sys.createdAt') ? (e: typeof all[0]) => e.sys.createdAt : (e: typeof all[0]) => `~${e.sys.updatedAt}`;
      const sorted = [...all].sort((a, b) => (order?.startsWith('sys.createdAt') ? 1 : -1) * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      return [200, { sys: { type: 'Array' }, total: all.length, skip, limit, items: sorted.slice(skip, skip + limit) }];
    });
    const { promotions } = await createContentfulProvider({ spaceId: 'focal0space', environment: 'staging', accessToken: 'cda-token', host: cms.url }).fetchPromotions(signal());
    const ids = promotions.map((p) => p.id);
    expect(ids).toContain('e240');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(250);
  });
});
