/** Picking an answer from the head of a cached list: the same answer as from the whole list, or "need more". */
import type { Candidate } from '@focal/sdk-core/contracts';
import { describe, expect, it } from 'vitest';
import { diversified, pick, pickFromHead } from '../../src/recommend/picking.js';
import type { PlacementDiversity } from '../../src/recommend/placement-schema.js';
import { seededRandom as rng } from '../../src/training/random.js';

const BRANDS = ['Aria', 'Nord', 'Clarion', undefined];
const CATEGORIES = [['Frames', 'Optical frames'], ['Frames', 'Sunglasses'], ['Lenses', 'Coatings'], ['Eye care', 'Drops']];
const STRATEGIES = ['co-view', 'trending', 'replenishment'];

/** A frozen list of candidates ranked 0, 1, 2… as the service caches them, of few brands and categories (so caps bite). */
function list(random: () => number, n: number, diversity: PlacementDiversity | false): Candidate[] {
  const raw = Array.from({ length: n }, (_, i) => {
    const brand = BRANDS[Math.floor(random() * BRANDS.length)];
    return {
      id: `P${i}`, title: `Product ${i}`, url: `/p/${i}`, price: 10, currency: 'EUR', inStock: true,
      categoryPath: CATEGORIES[Math.floor(random() * (random() < 0.6 ? 1 : CATEGORIES.length))]!,
      ...(brand ? { brand } : {}),
      strategy: STRATEGIES[Math.floor(random() * STRATEGIES.length)]!,
      features: { score: n - i, rank: i, popularity: 1, cooccurrence: 0, ageDays: 1, strategyScores: {} },
    } as Candidate;
  });
  const ordered = diversity ? diversified(raw, diversity) : raw;
  return Object.freeze(ordered.map((c, rank) => Object.freeze({ ...c, features: Object.freeze({ ...c.features, rank }) }))) as Candidate[];
}

describe('pickFromHead', () => {
  it('gives exactly the answer pick gives over the whole list, or undefined when candidates past the head could change it', () => {
    const random = rng(20261124);
    let decided = 0;
    let undecided = 0;
    let reDiversified = 0;
    for (let run = 0; run < 4000; run++) {
      const diversity: PlacementDiversity | false = random() < 0.75 && {
        maxPerCategory: 1 + Math.floor(random() * 3), maxPerBrand: 1 + Math.floor(random() * 3),
        window: 1 + Math.floor(random() * 12), exempt: random() < 0.5 ? ['replenishment'] : [],
      };
      const whole = list(random, 1 + Math.floor(random() * 60), diversity);
      const limit = 1 + Math.floor(random() * 20);
      const cut = Math.floor(random() * whole.length); // a head shorter than the list
      const head = Object.freeze(whole.slice(0, cut)) as Candidate[];
      const dropRate = [0, 0.1, 0.3, 0.6][Math.floor(random() * 4)]!;
      const dropped = new Set(whole.filter(() => random() < dropRate).map((c) => c.id));
      const accept = (id: string) => !dropped.has(id);

      const expected = pick(whole, limit, accept, diversity);
      const got = pickFromHead(head, limit, accept, diversity);
      if (got === undefined) {
        undecided++;
        continue;
      }
      decided++;
      if (diversity && got.some((c, i) => c.id !== head[i]?.id)) reDiversified++;
      expect(JSON.stringify(got), `run ${run}`).toBe(JSON.stringify(expected));
    }
    // both outcomes are common, and many decided picks went through the diversity pass again
    expect(decided).toBeGreaterThan(1000);
    expect(undecided).toBeGreaterThan(500);
    expect(reDiversified).toBeGreaterThan(300);
  });

  it('needs more when a diversity slot can only be filled from past the head', () => {
    const diversity: PlacementDiversity = { maxPerCategory: 3, maxPerBrand: 1, window: 4, exempt: [] };
    const c = (id: string, brand: string, rank: number) => Object.freeze({
      id, title: id, url: `/p/${id}`, price: 1, currency: 'EUR', inStock: true, categoryPath: [`C${rank}`], brand, strategy: 'trending',
      features: Object.freeze({ score: 1, rank, popularity: 0, cooccurrence: 0, ageDays: 0, strategyScores: {} }),
    }) as Candidate;
    // diversified: one Aria, one Nord, then the Arias that did not fit, then Nords
    const whole = Object.freeze([c('A1', 'Aria', 0), c('N1', 'Nord', 1), c('A2', 'Aria', 2), c('A3', 'Aria', 3), c('N2', 'Nord', 4)]) as Candidate[];
    const head = Object.freeze(whole.slice(0, 4)) as Candidate[];
    const withoutN1 = (id: string) => id !== 'N1';
    // without N1 the second slot wants another brand than Aria: the head has none, the whole list has N2
    expect(pickFromHead(head, 2, withoutN1, diversity)).toBeUndefined();
    expect(pick(whole, 2, withoutN1, diversity).map((x) => x.id)).toEqual(['A1', 'N2']);
    // the head decides a pick it holds enough candidates for
    expect(pickFromHead(head, 2, () => true, diversity)?.map((x) => x.id)).toEqual(['A1', 'N1']);
    expect(pickFromHead(head, 1, withoutN1, diversity)?.map((x) => x.id)).toEqual(['A1']);
    // without diversity only the count matters
    expect(pickFromHead(head, 3, withoutN1, false)?.map((x) => x.id)).toEqual(['A1', 'A2', 'A3']);
    expect(pickFromHead(head, 4, withoutN1, false)).toBeUndefined();
  });
});
