import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentResponse } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { canonicalRequest, signContentfulRequest, verifyContentfulRequest } from '../../src/content/contentful-webhook.js';
import { fixture, startCmsServer, type CmsServer } from './cms-server.js';

const CONTENTFUL_SECRET = 'wQ3mZ8pL1vR7tY2uI9oA4sD6fG0hJ5kXcV8bN3mQ1wE7rT2yU4iO6pA9sD0fG3hJ';
const STORYBLOK_SECRET = 'storyblok-webhook-secret-42';
const ENTRIES = '/spaces/focal0space/environments/master/entries';
const enc = new TextEncoder();

/** Starts the real adapter with the content configuration in the environment (read when the router is built). */
async function adapterWith(env: Record<string, string>): Promise<TestAdapter> {
  Object.assign(process.env, env);
  try {
    return await startTestAdapter();
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
  }
}

async function slot(adapter: TestAdapter): Promise<{ ids: string[]; state: string | null }> {
  const response = await fetch(`${adapter.url}/v1/content?slot=home-hero`, { headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'anon-nobody' } });
  expect(response.status).toBe(200);
  return { ids: ContentResponse.parse(await response.json()).promotions.map((p) => p.id), state: response.headers.get('x-focal-content-state') };
}

describe('Contentful request verification (known answer)', () => {
  it('signs the canonical request exactly as Contentful documents it', () => {
    const body = enc.encode('{"sys":{"id":"6bVhQ1dXKrM0Q3kZfQ2s7a"}}');
    const headers = {
      'Content-Type': 'application/vnd.contentful.management.v1+json', 'X-Contentful-Topic': 'ContentManagement.Entry.publish',
      'x-contentful-timestamp': '1763890000000',
      'x-contentful-signed-headers': 'content-type,x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic',
    };
    const canonical = 'POST\n/v1/webhooks/contentful\n'
      + 'content-type:application/vnd.contentful.management.v1+json;'
      + 'x-contentful-signed-headers:content-type,x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic;'
      + 'x-contentful-timestamp:1763890000000;x-contentful-topic:ContentManagement.Entry.publish\n'
      + '{"sys":{"id":"6bVhQ1dXKrM0Q3kZfQ2s7a"}}';
    const names = headers['x-contentful-signed-headers'].split(',');
    expect(Buffer.from(canonicalRequest({ method: 'POST', path: '/v1/webhooks/contentful', headers, body }, names)).toString()).toBe(canonical);
    const signature = createHmac('sha256', CONTENTFUL_SECRET).update(canonical).digest('hex');
    const request = { method: 'POST', path: '/v1/webhooks/contentful', headers: { ...headers, 'x-contentful-signature': signature }, body };
    expect(verifyContentfulRequest(CONTENTFUL_SECRET, request, 1763890000000 + 29_999)).toEqual({ ok: true });
    expect(verifyContentfulRequest(CONTENTFUL_SECRET, request, 1763890000000 + 30_000)).toMatchObject({ ok: false, reason: expect.stringContaining('within 30 s') });
    expect(verifyContentfulRequest('x'.repeat(64), request, 1763890000000)).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
    expect(signContentfulRequest(CONTENTFUL_SECRET, { method: 'POST', path: '/v1/webhooks/contentful', headers: {
      'content-type': headers['Content-Type'], 'x-contentful-topic': headers['X-Contentful-Topic'] }, body }, 1763890000000)['x-contentful-signature']).toBe(signature);
  });
});

describe('POST /v1/webhooks/contentful (real adapter, Contentful served from recorded responses)', () => {
  let cms: CmsServer;
  let adapter: TestAdapter;
  let version: 'A' | 'B' = 'A';
  const entries = () => {
    const page = fixture<{ items: unknown[]; total: number }>('contentful-entries.json');
    if (version === 'B') {
      page.items.push({ sys: { id: 'flashSale', type: 'Entry' }, fields: { title: 'Flash sale: cases half price', slot: 'home-hero', priority: 30 } });
      page.total = page.items.length;
    }
    return page;
  };
  const fetchesOfEntries = () => cms.requests.filter((r) => r.path === ENTRIES).length;

  function signed(body: string, timestamp = Date.now(), secret = CONTENTFUL_SECRET): RequestInit {
    const base = { 'content-type': 'application/vnd.contentful.management.v1+json', 'x-contentful-topic': 'ContentManagement.Entry.publish' };
    const headers = { ...base, ...signContentfulRequest(secret, { method: 'POST', path: '/v1/webhooks/contentful', headers: base, body: enc.encode(body) }, timestamp) };
    return { method: 'POST', headers, body };
  }
  const post = (init: RequestInit) => fetch(`${adapter.url}/v1/webhooks/contentful`, init);

  beforeAll(async () => {
    cms = await startCmsServer();
    cms.routes.set(ENTRIES, () => [200, entries()]);
    adapter = await adapterWith({
      FOCAL_CONTENT_PROVIDER: 'contentful', CONTENTFUL_HOST: cms.url, CONTENTFUL_SPACE_ID: 'focal0space',
      CONTENTFUL_ACCESS_TOKEN: 'cda-token', CONTENTFUL_WEBHOOK_SECRET: CONTENTFUL_SECRET, FOCAL_CONTENT_TIMEOUT_MS: '400',
    });
  });
  afterAll(async () => {
    await adapter?.close();
    await cms?.close();
  });

  it('serves cached Contentful content until a verified webhook says it changed', async () => {
    expect(await slot(adapter)).toEqual({ ids: [], state: 'fresh' });
    version = 'B';
    expect(await slot(adapter)).toEqual({ ids: [], state: 'fresh' });
    expect(fetchesOfEntries()).toBe(1);
    const response = await post(signed('{"sys":{"id":"flashSale","type":"Entry"}}'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, invalidated: true });
    expect(await slot(adapter)).toEqual({ ids: ['flashSale'], state: 'fresh' });
  });

  it('answers 401 and changes nothing for a bad signature, a tampered body, an old request or no signature', async () => {
    const before = fetchesOfEntries();
    const wrongSecret = signed('{"sys":{"id":"x"}}', Date.now(), 'y'.repeat(64));
    const tampered = { ...signed('{"sys":{"id":"x"}}'), body: '{"sys":{"id":"evil"}}' };
    const old = signed('{"sys":{"id":"x"}}', Date.now() - 31_000);
    for (const [name, init, reason] of [['wrong secret', wrongSecret, /does not match/], ['tampered', tampered, /does not match/],
      ['31 s old', old, /signed 31 s ago/], ['unsigned', { method: 'POST', body: '{}' }, /missing x-contentful-signature/]] as const) {
      const response = await post(init);
      expect(response.status, name).toBe(401);
      const body = await response.json() as { error: { code: string; message: string } };
      expect(body.error.code, name).toBe('invalid_signature');
      expect(body.error.message, name).toMatch(reason);
    }
    expect(await slot(adapter)).toEqual({ ids: ['flashSale'], state: 'fresh' });
    expect(fetchesOfEntries()).toBe(before);
  });

  it('ignores a replay of a valid request within its 30 s window', async () => {
    const init = signed('{"sys":{"id":"again"}}');
    expect(await (await post(init)).json()).toEqual({ received: true, invalidated: true });
    await slot(adapter);
    const before = fetchesOfEntries();
    expect(await (await post(init)).json()).toEqual({ received: true, duplicate: true });
    await slot(adapter);
    expect(fetchesOfEntries()).toBe(before);
  });

  it('takes a replay whose signature is spelled otherwise (capitals, hex digits or junk appended) for a replay, never a new request', async () => {
    const init = signed('{"sys":{"id":"respelled"}}');
    const signature = (init.headers as Record<string, string>)['x-contentful-signature']!;
    const as = (spelled: string) => post({ ...init, headers: { ...(init.headers as Record<string, string>), 'x-contentful-signature': spelled } });
    expect(await (await as(signature)).json()).toEqual({ received: true, invalidated: true });
    await slot(adapter);
    const before = fetchesOfEntries();
    expect(await (await as(signature.toUpperCase())).json()).toEqual({ received: true, duplicate: true });
    for (const spelled of [`${signature}0`, `${signature}00`, `${signature}zz`]) {
      const response = await as(spelled);
      expect([spelled, response.status]).toEqual([spelled, 401]);
      expect((await response.json()).error.message).toMatch(/must be the 64 hex digits/);
    }
    await slot(adapter);
    expect(fetchesOfEntries()).toBe(before);
  });

  it('keeps serving the last good content while Contentful is down or hangs', async () => {
    cms.mode = 'down';
    expect((await post(signed('{"sys":{"id":"down"}}'))).status).toBe(200);
    expect(await slot(adapter)).toEqual({ ids: ['flashSale'], state: 'stale' });
    cms.mode = 'hang';
    expect((await post(signed('{"sys":{"id":"hang"}}'))).status).toBe(200);
    // the CMS never answers: an answer at all is the adapter's CMS timeout at work
    expect(await slot(adapter)).toEqual({ ids: ['flashSale'], state: 'stale' });
    cms.mode = 'ok';
  });
});

describe('POST /v1/webhooks/storyblok (real adapter, Storyblok served from recorded responses)', () => {
  let cms: CmsServer;
  let adapter: TestAdapter;
  let cv = 1763890000;
  let published = 2;
  const stories = () => {
    const data = fixture<{ stories: { content: Record<string, unknown> }[]; cv: number }>('storyblok-stories.json');
    for (const story of data.stories) story.content.starts_at = story.content.ends_at = '';
    data.stories = data.stories.slice(0, published);
    data.cv = cv;
    return data;
  };
  const storyFetches = () => cms.requests.filter((r) => r.path === '/v2/cdn/stories');
  const send = (body: string, signature = createHmac('sha1', STORYBLOK_SECRET).update(body).digest('hex')) =>
    fetch(`${adapter.url}/v1/webhooks/storyblok`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-signature': signature }, body });
  const publish = (storyId: number) => JSON.stringify({ text: `The user published the story (promotions/${storyId})`, action: 'published', space_id: 287654, story_id: storyId, full_slug: `promotions/${storyId}` });

  beforeAll(async () => {
    cms = await startCmsServer();
    cms.routes.set('/v2/cdn/spaces/me', () => [200, { space: { ...fixture<{ space: object }>('storyblok-space.json').space, version: cv } }]);
    cms.routes.set('/v2/cdn/stories', () => [200, stories(), { total: String(published) }]);
    adapter = await adapterWith({
      FOCAL_CONTENT_PROVIDER: 'storyblok', STORYBLOK_TOKEN: 'sb-public', STORYBLOK_BASE_URL: cms.url,
      STORYBLOK_WEBHOOK_SECRET: STORYBLOK_SECRET, FOCAL_CONTENT_TIMEOUT_MS: '400',
    });
  });
  afterAll(async () => {
    await adapter?.close();
    await cms?.close();
  });

  it('invalidates on a signed webhook and refetches with the new cache version', async () => {
    expect(await slot(adapter)).toEqual({ ids: ['0b6d3c6e-7a51-4c8c-9f3a-1c1f5a1e2b02'], state: 'fresh' });
    published = 3;
    cv = 1763890100;
    const response = await send(publish(512345003));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, invalidated: true });
    // The untargeted eye-test promotion; the new contact-lens one needs an affinity this shopper does not have.
    expect(await slot(adapter)).toEqual({ ids: ['0b6d3c6e-7a51-4c8c-9f3a-1c1f5a1e2b02'], state: 'fresh' });
    expect(storyFetches().at(-1)!.query.get('cv')).toBe('1763890100');
  });

  it('treats a replayed body (same signature) as a duplicate and changes nothing', async () => {
    const before = storyFetches().length;
    const response = await send(publish(512345003));
    expect(await response.json()).toEqual({ received: true, duplicate: true });
    await slot(adapter);
    expect(storyFetches().length).toBe(before);
  });

  it('treats a replay whose signature has hex digits or junk appended as a replay, not a new request', async () => {
    const body = publish(512345003);
    const signature = createHmac('sha1', STORYBLOK_SECRET).update(body).digest('hex');
    const before = storyFetches().length;
    expect(await (await send(body, signature.toUpperCase())).json()).toEqual({ received: true, duplicate: true });
    for (const spelled of [`${signature}0`, `${signature}00`, `${signature}zz`]) {
      const response = await send(body, spelled);
      expect([spelled, response.status]).toEqual([spelled, 401]);
      expect((await response.json()).error.message).toMatch(/must be the 40 hex digits/);
    }
    await slot(adapter);
    expect(storyFetches().length).toBe(before);
  });

  it('answers 401 and changes nothing for a wrong or missing signature', async () => {
    const before = cms.requests.length;
    const wrong = await send(publish(512345001), createHmac('sha1', 'other-secret').update(publish(512345001)).digest('hex'));
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/STORYBLOK_WEBHOOK_SECRET/);
    const missing = await fetch(`${adapter.url}/v1/webhooks/storyblok`, { method: 'POST', body: publish(512345001) });
    expect(missing.status).toBe(401);
    await slot(adapter);
    expect(cms.requests.length).toBe(before);
  });

  it('keeps serving the last good content when Storyblok is down', async () => {
    cms.mode = 'down';
    expect((await send(publish(512345002))).status).toBe(200);
    expect(await slot(adapter)).toEqual({ ids: ['0b6d3c6e-7a51-4c8c-9f3a-1c1f5a1e2b02'], state: 'stale' });
    cms.mode = 'ok';
  });
});
