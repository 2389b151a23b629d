import { describe, expect, it } from 'vitest';
import type { Promotion } from '@focal/sdk-core/contracts';
import { createContentService } from '../../src/content/content-service.js';
import { CircuitBreaker } from '../../src/content/circuit-breaker.js';
import { ContentProviderError, getJson, type ContentProvider, type ProviderResult } from '../../src/content/provider.js';

const promo = (id: string): Promotion => ({ id, slot: 'home-hero', title: id, priority: 0, source: 'contentful' });

/** A CMS stand-in whose next answers the test scripts: content, a failure, or a call that never answers. */
function scriptedProvider() {
  const calls: AbortSignal[] = [];
  let next: () => Promise<ProviderResult> = async () => ({ promotions: [promo('v1')], skipped: [] });
  const provider: ContentProvider = {
    name: 'contentful',
    fetchPromotions(signal) {
      calls.push(signal);
      return next();
    },
  };
  return {
    provider,
    calls,
    serve: (...ids: string[]) => { next = async () => ({ promotions: ids.map(promo), skipped: [] }); },
    fail: (message = 'connect ECONNREFUSED') => { next = async () => { throw new Error(message); }; },
    rateLimit: (retryAfterMs: number) => { next = async () => { throw new ContentProviderError('contentful', 'answered 429', 429, retryAfterMs); }; },
    hang: () => {
      next = () => new Promise((_, reject) => {
        const signal = calls[calls.length - 1];
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    },
  };
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

const ids = async (service: ReturnType<typeof createContentService>) => {
  const { promotions, state } = await service.promotions();
  return { ids: promotions.map((p) => p.id), state };
};

describe('content service', () => {
  it('caches content for the TTL: one CMS call serves many reads', async () => {
    const cms = scriptedProvider();
    const time = clock();
    const service = createContentService({ provider: cms.provider, ttlMs: 60_000, now: time.now });
    expect(await ids(service)).toEqual({ ids: ['v1'], state: 'fresh' });
    time.advance(59_000);
    cms.serve('v2');
    expect(await ids(service)).toEqual({ ids: ['v1'], state: 'fresh' });
    expect(cms.calls).toHaveLength(1);
  });

  it('after the TTL serves the cached content at once and refreshes in the background', async () => {
    const cms = scriptedProvider();
    const time = clock();
    const service = createContentService({ provider: cms.provider, ttlMs: 60_000, now: time.now });
    await service.promotions();
    cms.serve('v2');
    time.advance(60_000);
    expect(await ids(service)).toEqual({ ids: ['v1'], state: 'stale' });
    await new Promise((r) => setTimeout(r, 0));
    expect(await ids(service)).toEqual({ ids: ['v2'], state: 'fresh' });
    expect(cms.calls).toHaveLength(2);
  });

  it('keeps serving the last good content when the CMS fails', async () => {
    const cms = scriptedProvider();
    const time = clock();
    const problems: string[] = [];
    const service = createContentService({ provider: cms.provider, ttlMs: 1_000, now: time.now, onProblem: (m, d) => problems.push(`${m}: ${String(d.error)}`) });
    await service.promotions();
    cms.fail();
    service.invalidate();
    expect(await ids(service)).toEqual({ ids: ['v1'], state: 'stale' });
    time.advance(5_000);
    expect(await ids(service)).toEqual({ ids: ['v1'], state: 'stale' });
    expect(problems[0]).toBe('content refresh failed: connect ECONNREFUSED');
    expect(service.status()).toMatchObject({ state: 'stale', lastError: 'connect ECONNREFUSED', promotions: 1 });
  });

  it('times out a CMS call that hangs and answers with what it has', async () => {
    const cms = scriptedProvider();
    cms.hang();
    const service = createContentService({ provider: cms.provider, timeoutMs: 50 });
    // the CMS never answers: an answer at all, the call aborted and the error naming the 50 ms are the timeout's doing
    expect(await ids(service)).toEqual({ ids: [], state: 'empty' });
    expect(cms.calls[0].aborted).toBe(true);
    expect(service.status().lastError).toBe('timed out after 50 ms');
  });

  it('opens the circuit after repeated failures, then lets one trial through after the cooldown', async () => {
    const cms = scriptedProvider();
    const time = clock();
    const service = createContentService({ provider: cms.provider, ttlMs: 0, now: time.now, breaker: { failureThreshold: 3, cooldownMs: 30_000 } });
    await service.promotions();
    cms.fail();
    for (let i = 0; i < 3; i++) {
      service.invalidate();
      await service.promotions();
    }
    expect(service.status().breaker).toBe('open');
    const before = cms.calls.length;
    for (let i = 0; i < 5; i++) {
      service.invalidate();
      expect(await ids(service)).toEqual({ ids: ['v1'], state: 'stale' });
    }
    expect(cms.calls.length).toBe(before);
    time.advance(30_000);
    cms.serve('v3');
    service.invalidate();
    expect(await ids(service)).toMatchObject({ ids: ['v3'] });
    expect(service.status().breaker).toBe('closed');
  });

  it('after invalidate(), readers wait for content newer than the invalidation, even if a fetch was already running', async () => {
    const cms = scriptedProvider();
    const service = createContentService({ provider: cms.provider, ttlMs: 60_000 });
    await service.promotions();
    let release!: () => void;
    cms.serve('old');
    const gate = new Promise<void>((r) => { release = r; });
    const slowOld = async () => { await gate; return { promotions: [promo('old')], skipped: [] }; };
    (cms.provider as { fetchPromotions: unknown }).fetchPromotions = (signal: AbortSignal) => {
      cms.calls.push(signal);
      return cms.calls.length === 2 ? slowOld() : Promise.resolve({ promotions: [promo('new')], skipped: [] });
    };
    service.invalidate();
    service.invalidate();
    const read = service.promotions();
    release();
    expect((await read).promotions.map((p) => p.id)).toEqual(['new']);
  });
});

describe('content service after a publish (webhook) while the CMS is slow', () => {
  it('serves the previous content once invalidatedWaitMs has passed, rather than holding shoppers past the browser\'s timeout', async () => {
    const cms = scriptedProvider();
    const service = createContentService({ provider: cms.provider, ttlMs: 60_000, timeoutMs: 30_000, invalidatedWaitMs: 20 });
    expect(await ids(service)).toEqual({ ids: ['v1'], state: 'fresh' });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    (cms.provider as { fetchPromotions: unknown }).fetchPromotions = async () => { await gate; return { promotions: [promo('v2')], skipped: [] }; };
    service.invalidate(); // Contentful takes seconds to page through a big space
    expect(await ids(service)).toEqual({ ids: ['v1'], state: 'stale' });
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await ids(service)).toEqual({ ids: ['v2'], state: 'fresh' });
  });
});

describe('circuit breaker', () => {
  it('fails a half-open trial back to open, and allows only one trial at a time', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1_000, now: time.now });
    breaker.failure();
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.tryAcquire()).toBe(false);
    time.advance(1_000);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.failure();
    expect(breaker.state).toBe('open');
    time.advance(1_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.state).toBe('closed');
  });

  it('after a 429 waits as long as the CMS said before calling it again, serving the last good content meanwhile', async () => {
    const cms = scriptedProvider();
    const time = clock();
    const service = createContentService({ provider: cms.provider, ttlMs: 60_000, now: time.now });
    expect(await ids(service)).toEqual({ ids: ['v1'], state: 'fresh' });
    time.advance(60_000);
    cms.rateLimit(120_000);
    await service.promotions(); // expired: served at once, refreshed in the background (429)
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cms.calls).toHaveLength(2);
    cms.serve('v2');
    // shoppers keep coming; the breaker's cooldown (30 s) passes several times within the CMS's 120 s
    for (let s = 0; s < 119; s += 7) {
      time.advance(7_000);
      expect((await ids(service)).ids).toEqual(['v1']);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(cms.calls).toHaveLength(2);
    expect(service.status().lastError).toMatch(/429; not called again before/);
    time.advance(2_000); // 121 s after the 429
    await service.promotions();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cms.calls).toHaveLength(3);
    expect(await ids(service)).toEqual({ ids: ['v2'], state: 'fresh' });
  });

  it('reads the wait from Retry-After in seconds or as a date, or from Contentful\'s X-Contentful-RateLimit-Reset', async () => {
    const answer = (headers: Record<string, string>) => getJson('contentful', 'http://cms.invalid/entries', {}, async () => new Response('{"message":"slow down"}', { status: 429, headers }))
      .then(() => undefined, (error: ContentProviderError) => error);
    expect((await answer({ 'retry-after': '7' }))?.retryAfterMs).toBe(7_000);
    expect((await answer({ 'x-contentful-ratelimit-reset': '3' }))?.retryAfterMs).toBe(3_000);
    const inOneMinute = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000).toUTCString();
    const fromDate = (await answer({ 'retry-after': inOneMinute }))?.retryAfterMs ?? 0;
    expect(fromDate).toBeGreaterThan(50_000);
    expect(fromDate).toBeLessThanOrEqual(60_000);
    expect((await answer({}))?.retryAfterMs).toBeUndefined();
    expect((await answer({ 'retry-after': 'soon' }))?.retryAfterMs).toBeUndefined();
    expect((await answer({ 'retry-after': '99999999' }))?.retryAfterMs).toBe(600_000); // capped at 10 minutes
    expect((await answer({ 'retry-after': '7' }))?.message).toBe('contentful: answered 429: slow down (rate limited; retry after 7 s)');
  });
});
