/**
 * The response guards as focal.min.js runs them (`DEV` false): the full contract checks are gone, but nothing that
 * would crash a widget or put a script URL on the page gets through; requests are refused as in development.
 */
import { describe, expect, it, vi } from 'vitest';
import { candidate, result } from './fixtures.js';

vi.mock('../../src/tracking/build.js', () => ({ DEV: false, SCRIPT_TAG: true }));
const { isCandidate, isPromotion, isShowable, readResult, requestProblem } = await import('../../src/recommend/guards.js');

const good = candidate('FR-1');
const promo = { id: 'p1', slot: 'home-hero', title: 'Students save 20 %', priority: 1, source: 'local', cta: { label: 'See frames', url: '/frames' } };

describe('production response guards', () => {
  it('a product the page gives (anchor, fallback) that cannot be shown is named, field and all, in the short warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(isShowable({ id: 'FR-1', title: 'Aria', url: '/p/FR-1', price: 129, currency: 'EUR' }, 'anchor')).toBe(true);
    expect(isShowable({ ...good, price: '129.00' }, 'fallback[2]')).toBe(false);
    expect(isShowable({ ...good, price: -1 }, 'anchor')).toBe(false);
    expect(warn.mock.calls).toEqual([['focal: fallback[2].price is invalid: left out (focal.dev.js explains)'], ['focal: anchor.price is invalid: left out (focal.dev.js explains)']]);
    warn.mockRestore();
  });

  it('accept valid answers, and tolerate what only the full contract refuses', () => {
    expect(isCandidate(good)).toBe(true);
    expect(isCandidate({ ...good, features: { ...good.features, rank: 1.5 }, categoryPath: [] })).toBe(true);
    expect(isPromotion(promo) && isPromotion({ ...promo, priority: 1.5 })).toBe(true);
    expect(readResult(result('pdp-similar', ['A', 'B']))?.items).toHaveLength(2);
  });

  it('refuse what would crash a widget or show garbage', () => {
    for (const bad of [null, 'x', { ...good, id: 7 }, { ...good, title: { html: '<b>' } }, { ...good, price: Infinity }, { ...good, price: '10' },
      { ...good, strategy: undefined }, { ...good, features: undefined }, { ...good, features: { rank: Number.NaN } }, { ...good, reason: 5 },
      { ...good, brand: ['x'] }, { ...good, categoryPath: 'Frames' }]) {
      expect(isCandidate(bad)).toBe(false);
    }
    for (const bad of [{ ...promo, title: 3 }, { ...promo, cta: { label: 'Go' } }, { ...promo, image: { url: '/i.jpg' } }, { ...promo, body: {} }]) {
      expect(isPromotion(bad)).toBe(false);
    }
    expect(readResult({ ...result('p', ['A']), items: 'A' })).toBeUndefined();
    expect(readResult({ ...result('p', ['A']), requestId: 42 })).toBeUndefined();
  });

  it('refuse script and data URLs in links and images, keep http(s) and relative ones', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x']) {
      expect(isCandidate({ ...good, url })).toBe(false);
      expect(isCandidate({ ...good, image: url })).toBe(false);
      expect(isPromotion({ ...promo, cta: { label: 'Go', url } })).toBe(false);
      expect(isPromotion({ ...promo, image: { url, alt: '' } })).toBe(false);
    }
    for (const url of ['https://shop.example/p/1', 'http://shop.example/p/1', '/p/1?c=2#top', 'p/1', '//cdn.example/i.jpg']) {
      expect(isCandidate({ ...good, url, image: url })).toBe(true);
    }
  });

  it('refuse the same requests as in development, in fewer words', () => {
    expect(requestProblem({ placement: 'PDP' })).toBe('placement must be lower-case letters, digits, dashes');
    expect(requestProblem({ placement: 'ok', items: [''] })).toBe('items must be ≤ 50 product ids');
    expect(requestProblem({ placement: 'ok', limit: 0 })).toBe('limit must be 1-200');
    expect(requestProblem({ placement: 'pdp-similar', items: ['SKU1'], limit: 8 })).toBeUndefined();
  });
});
