import { describe, expect, it } from 'vitest';
import {
  assignVariant, DEFAULT_PLACEMENTS, parsePlacements, PlacementsConfigError, unitHash,
} from '../../src/recommend/index.js';

describe('placements configuration', () => {
  it('ships the six default placements, with filters and limits filled in', () => {
    const placements = parsePlacements(undefined, DEFAULT_PLACEMENTS);
    expect(Object.keys(placements).sort()).toEqual(
      ['cart-add-ons', 'email-for-you', 'home-for-you', 'home-trending', 'pdp-complete-the-look', 'pdp-similar']);
    expect(placements['cart-add-ons'].filters).toMatchObject({ inStock: true, excludeInCart: true, categories: ['Accessories', 'Eye care'] });
    expect(placements['pdp-similar'].limit).toEqual({ default: 12, max: 50 });
  });

  it('lets a site replace a default and add its own placement', () => {
    const placements = parsePlacements({
      'pdp-similar': { strategies: { similar: 1 } },
      'checkout-last-chance': { strategies: { 'co-purchase': 2, popular: 1 }, filters: { categories: ['Accessories'] }, limit: { default: 4, max: 8 } },
    }, DEFAULT_PLACEMENTS);
    expect(placements['pdp-similar'].strategies).toEqual({ similar: 1 });
    expect(placements['pdp-similar'].fallback).toEqual(['popular']);
    expect(placements['checkout-last-chance'].limit).toEqual({ default: 4, max: 8 });
    expect(placements['home-trending']).toBeDefined();
  });

  it('lists every mistake with the setting it concerns', () => {
    let error: PlacementsConfigError | undefined;
    try {
      parsePlacements({
        'Bad Id': { strategies: { popular: 1 } },
        'pdp-x': { strategies: { telepathy: 1, popular: -1 }, filters: { inStok: true }, limit: { default: 60, max: 50 } },
        'home-x': { strategies: {} },
      });
    } catch (e) {
      error = e as PlacementsConfigError;
    }
    expect(error).toBeInstanceOf(PlacementsConfigError);
    const text = error!.problems.join('\n');
    expect(text).toContain('placement ids are lower-case letters');
    expect(text).toMatch(/placements\.pdp-x\.strategies\.telepathy.*unknown strategy "telepathy"; use one of popular/);
    expect(text).toContain('placements.pdp-x.strategies.popular: weights must be greater than 0');
    expect(text).toContain('placements.pdp-x.filters: unknown setting(s) inStok');
    expect(text).toContain('placements.pdp-x.limit.default: limit.default must not exceed limit.max');
    expect(text).toContain('placements.home-x.strategies: name at least one strategy');
  });
});

describe('A/B split and holdout', () => {
  const placement = parsePlacements({
    'home-for-you': {
      strategies: { personalised: 1 },
      split: { holdout: 0.1, variants: [{ name: 'a', weight: 1 }, { name: 'b', weight: 1, strategies: { trending: 1 } }] },
    },
  })['home-for-you'];

  it('gives the same shopper the same variant every time, and each variant its own blend', () => {
    for (let i = 0; i < 50; i++) {
      const first = assignVariant(placement, 'home-for-you', `shopper-${i}`);
      expect(assignVariant(placement, 'home-for-you', `shopper-${i}`)).toEqual(first);
      if (first.variant === 'b') expect(first.strategies).toEqual({ trending: 1 });
      if (first.variant === 'a') expect(first.strategies).toEqual({ personalised: 1 });
      if (first.variant === 'holdout') expect(first.strategies).toEqual({ popular: 1 });
    }
  });

  it('splits 10,000 shoppers close to 10 % holdout and 45 % / 45 %', () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const v = assignVariant(placement, 'home-for-you', `anon-${i}`).variant!;
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(counts.holdout / 10_000).toBeGreaterThan(0.08);
    expect(counts.holdout / 10_000).toBeLessThan(0.12);
    expect(counts.a / 10_000).toBeGreaterThan(0.42);
    expect(counts.b / 10_000).toBeGreaterThan(0.42);
  });

  it('assigns independently per placement and leaves unsplit placements without a variant', () => {
    expect(unitHash('x:home-for-you')).not.toBe(unitHash('x:pdp-similar'));
    const plain = parsePlacements({}, DEFAULT_PLACEMENTS)['pdp-similar'];
    expect(assignVariant(plain, 'pdp-similar', 'x').variant).toBeUndefined();
  });
});
