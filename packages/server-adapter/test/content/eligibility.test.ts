import { describe, expect, it } from 'vitest';
import type { Profile, Promotion } from '@focal/sdk-core/contracts';
import { categoryAffinity, eligiblePromotions, isScheduled, matchesSegment } from '../../src/content/eligibility.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');

function promo(id: string, overrides: Partial<Promotion> = {}): Promotion {
  return { id, slot: 'home-hero', title: `Promo ${id}`, priority: 0, source: 'local', ...overrides };
}

function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    anonymousId: 'anon-1', recentViews: [], cart: [], purchases: [],
    affinities: { category: {}, brand: {} }, traits: {}, updatedAt: NOW.toISOString(), ...overrides,
  };
}

describe('eligiblePromotions', () => {
  it('shows a promotion from its start (inclusive) until its end (exclusive)', () => {
    const p = promo('a', { startsAt: '2026-11-23T12:00:00.000Z', endsAt: '2026-11-23T13:00:00.000Z' });
    expect(isScheduled(p, new Date('2026-11-23T11:59:59.999Z'))).toBe(false);
    expect(isScheduled(p, new Date('2026-11-23T12:00:00.000Z'))).toBe(true);
    expect(isScheduled(p, new Date('2026-11-23T12:59:59.999Z'))).toBe(true);
    expect(isScheduled(p, new Date('2026-11-23T13:00:00.000Z'))).toBe(false);
    expect(isScheduled(promo('open'), NOW)).toBe(true);
    expect(isScheduled(promo('ended', { endsAt: '2026-01-01T00:00:00.000Z' }), NOW)).toBe(false);
  });

  it('targets trait segments: students see the student offer, others and anonymous shoppers do not', () => {
    const student = promo('student', { segment: { traits: { student: true } } });
    expect(eligiblePromotions([student], profile({ traits: { student: true } }), NOW)).toEqual([student]);
    expect(eligiblePromotions([student], profile({ traits: { student: 'true' } }), NOW)).toEqual([]);
    expect(eligiblePromotions([student], profile({ traits: { loyalty: 'gold' } }), NOW)).toEqual([]);
    expect(eligiblePromotions([student], null, NOW)).toEqual([]);
  });

  it('requires every trait of a segment and an affinity to one of its categories', () => {
    const both = promo('both', { segment: { traits: { student: true }, categories: ['Contact lenses'] } });
    const studentOnly = profile({ traits: { student: true } });
    const studentWearer = profile({ traits: { student: true }, affinities: { category: { 'Contact lenses': 0.4, Frames: 0.6 }, brand: {} } });
    expect(matchesSegment(both.segment, studentOnly)).toBe(false);
    expect(matchesSegment(both.segment, studentWearer)).toBe(true);
  });

  it('targets category affinities with the default 0.05 threshold or the segment\'s own', () => {
    const contacts = promo('contacts', { segment: { categories: ['Contact lenses', 'Eye care'] } });
    const strict = promo('strict', { segment: { categories: ['Contact lenses'], minAffinity: 0.3 } });
    const browsed = profile({ affinities: { category: { 'Contact lenses': 0.2, Frames: 0.8 }, brand: {} } });
    const barely = profile({ affinities: { category: { 'Contact lenses': 0.04, Frames: 0.96 }, brand: {} } });
    const eyeCare = profile({ affinities: { category: { 'Eye care': 0.5, Frames: 0.5 }, brand: {} } });
    expect(eligiblePromotions([contacts, strict], browsed, NOW).map((p) => p.id)).toEqual(['contacts']);
    expect(eligiblePromotions([contacts, strict], barely, NOW)).toEqual([]);
    expect(eligiblePromotions([contacts], eyeCare, NOW).map((p) => p.id)).toEqual(['contacts']);
  });

  it('reads category affinities keyed by full paths, case-insensitively', () => {
    const p = profile({ affinities: { category: { 'Contact lenses/Daily': 0.1, 'contact lenses > Monthly': 0.05, Frames: 0.85 }, brand: {} } });
    expect(categoryAffinity(p, 'Contact lenses')).toBeCloseTo(0.15);
    expect(categoryAffinity(profile({ affinities: { category: { 'contact lenses': 0.3, 'Contact lenses/Daily': 0.3 }, brand: {} } }), 'Contact lenses')).toBe(0.3);
  });

  it('shows untargeted promotions to everyone, highest priority first, stable on ties', () => {
    const list = [
      promo('low', { priority: 1 }),
      promo('b-high', { priority: 50, startsAt: '2026-11-01T00:00:00.000Z' }),
      promo('a-high', { priority: 50, startsAt: '2026-11-01T00:00:00.000Z' }),
      promo('newer-high', { priority: 50, startsAt: '2026-11-20T00:00:00.000Z' }),
      promo('top', { priority: 100, segment: {} }),
      promo('future', { priority: 1000, startsAt: '2027-01-01T00:00:00.000Z' }),
    ];
    expect(eligiblePromotions(list, null, NOW).map((p) => p.id)).toEqual(['top', 'newer-high', 'a-high', 'b-high', 'low']);
    expect(eligiblePromotions(list, null, NOW)).toEqual(eligiblePromotions([...list].reverse(), null, NOW));
  });
});
