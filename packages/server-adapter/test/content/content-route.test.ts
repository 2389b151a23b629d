import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentResponse, type Profile } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { demoPromotions } from '../../src/demo/index.js';

/**
 * The real adapter with the local JSON provider (the default): the demo promotions scheduled around today, plus one
 * that has ended and one that has not started.
 */
let adapter: TestAdapter;
const SHOP = 'https://shop.example';

function profile(anonymousId: string, overrides: Partial<Profile>): Profile {
  return {
    anonymousId, recentViews: [], cart: [], purchases: [], affinities: { category: {}, brand: {} }, traits: {},
    updatedAt: new Date().toISOString(), ...overrides,
  };
}

/** Stores a profile row as the profile service does (`{ profile, state }` under `a:<anonymousId>`). */
async function putProfile(p: Profile): Promise<void> {
  await adapter.sql.query(
    `INSERT INTO profiles (site_key, profile_key, data, updated_at) VALUES ($1, $2, $3::jsonb, now())`,
    [adapter.siteKey, `a:${p.anonymousId}`, JSON.stringify({ profile: p, state: { category: {}, brand: {}, decayedAt: 0, prices: [] } })],
  );
}

async function content(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${adapter.url}/v1/content${query}`, { headers: { 'x-focal-site-key': adapter.siteKey, ...headers } });
}

async function ids(query: string, headers: Record<string, string> = {}): Promise<string[]> {
  const response = await content(query, headers);
  expect(response.status).toBe(200);
  const body = ContentResponse.parse(await response.json());
  return body.promotions.map((p) => p.id);
}

beforeAll(async () => {
  const now = Date.now();
  const file = join(mkdtempSync(join(tmpdir(), 'focal-content-')), 'promotions.json');
  writeFileSync(file, JSON.stringify({ promotions: [
    ...demoPromotions(new Date(now)).filter((p) => p.id !== 'promo-summer-sunglasses'),
    { id: 'promo-ended', slot: 'home-hero', title: 'Ended', priority: 500, endsAt: new Date(now - 1000).toISOString() },
    { id: 'promo-future', slot: 'home-hero', title: 'Not yet', priority: 500, startsAt: new Date(now + 3600_000).toISOString() },
  ] }));
  delete process.env.FOCAL_CONTENT_PROVIDER;
  process.env.FOCAL_CONTENT_FILE = file;
  adapter = await startTestAdapter({ allowedOrigins: [SHOP] });
  delete process.env.FOCAL_CONTENT_FILE;
  await putProfile(profile('anon-student', { traits: { student: true } }));
  await putProfile(profile('anon-wearer', { affinities: { category: { 'Contact lenses': 0.45, Frames: 0.55 }, brand: {} } }));
  await putProfile(profile('anon-both', {
    traits: { student: true }, affinities: { category: { 'Contact lenses': 0.3, Frames: 0.7 }, brand: {} },
  }));
});
afterAll(() => adapter?.close());

describe('GET /v1/content (local demo promotions, real adapter)', () => {
  it('answers a ContentResponse for the slot, newest content fresh and not cached by browsers', async () => {
    const response = await content('?slot=home-hero', { 'x-focal-anonymous-id': 'anon-nobody' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('x-focal-content-state')).toBe('fresh');
    const body = ContentResponse.parse(await response.json());
    expect(body.slot).toBe('home-hero');
    expect(body.promotions.every((p) => p.slot === 'home-hero')).toBe(true);
  });

  it('shows the student frames offer first to a student, and not to other shoppers', async () => {
    expect((await ids('?slot=home-hero', { 'x-focal-anonymous-id': 'anon-student' }))[0]).toBe('promo-student-frames');
    expect(await ids('?slot=home-hero', { 'x-focal-anonymous-id': 'anon-nobody' })).not.toContain('promo-student-frames');
    expect(await ids('?slot=home-hero')).not.toContain('promo-student-frames');
  });

  it('shows the contact-lens subscription to shoppers who browse contact lenses, ordered by priority', async () => {
    expect(await ids('?slot=home-hero', { 'x-focal-anonymous-id': 'anon-wearer' })).toEqual(['promo-contacts-subscription', 'promo-free-eye-test']);
    expect(await ids('?slot=home-hero&anonymousId=anon-both')).toEqual(['promo-student-frames', 'promo-contacts-subscription', 'promo-free-eye-test']);
  });

  it('leaves out promotions that have ended or not yet started', async () => {
    expect(await ids('?slot=home-hero', { 'x-focal-anonymous-id': 'anon-nobody' })).toEqual(['promo-free-eye-test']);
  });

  it('counts content cache hits and misses in /metrics', async () => {
    await ids('?slot=home-hero');
    const metrics = await (await fetch(`${adapter.url}/metrics`)).text();
    expect(metrics).toMatch(/focal_cache_requests_total\{cache="content",result="miss"\} 1\b/);
    expect(metrics).toMatch(/focal_cache_requests_total\{cache="content",result="hit"\} [1-9]/);
  });

  it('answers an empty list for a slot with nothing in it', async () => {
    expect(await ids('?slot=footer')).toEqual([]);
  });

  it('refuses requests without a site key, without a slot, with a bad slot or unknown parameters', async () => {
    const noKey = await fetch(`${adapter.url}/v1/content?slot=home-hero`);
    expect(noKey.status).toBe(401);
    for (const [query, code] of [['', 'invalid_slot'], ['?slot=', 'invalid_slot'], ['?slot=a%20b', 'invalid_slot'],
      ['?slot=a&slot=b', 'repeated_parameter'], [`?slot=${'x'.repeat(65)}`, 'invalid_slot'], ['?slot=home-hero&limit=3', 'unknown_parameter']] as const) {
      const response = await content(query);
      expect(response.status, query).toBe(400);
      const body = await response.json() as { error: { code: string; message: string } };
      expect(body.error.code, query).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
  });

  it('refuses a user token it cannot verify instead of guessing the shopper', async () => {
    const response = await content('?slot=home-hero', { 'x-focal-user-token': 'not-a-jwt' });
    expect(response.status).toBe(401);
  });

  it('keeps the Contentful and Storyblok webhooks off unless configured', async () => {
    for (const cms of ['contentful', 'storyblok']) {
      const response = await fetch(`${adapter.url}/v1/webhooks/${cms}`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('webhook_not_configured');
    }
  });
});
