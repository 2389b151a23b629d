import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDemoData, DEFAULT_DEMO_NOW } from '../../src/demo/index.js';

function digest(data: ReturnType<typeof generateDemoData>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(data.products));
  for (const e of data.events) hash.update(JSON.stringify(e));
  hash.update(JSON.stringify(data.promotions));
  return hash.digest('hex');
}

describe('generateDemoData determinism', () => {
  it('gives byte-identical output for the same options, twice in one process', () => {
    const options = { seed: 7, products: 300, sessions: 400 };
    expect(JSON.stringify(generateDemoData(options))).toBe(JSON.stringify(generateDemoData(options)));
  });

  it('gives byte-identical default data on every run', { timeout: 180_000 }, () => {
    expect(digest(generateDemoData())).toBe(digest(generateDemoData()));
  });

  it('gives different catalogs and histories for different seeds', () => {
    const a = generateDemoData({ seed: 1, products: 200, sessions: 200 });
    const b = generateDemoData({ seed: 2, products: 200, sessions: 200 });
    expect(JSON.stringify(a.products)).not.toBe(JSON.stringify(b.products));
    expect(a.events.map((e) => e.id)).not.toEqual(b.events.map((e) => e.id));
  });

  it('keeps the catalog the same when only the number of sessions changes', () => {
    const small = generateDemoData({ seed: 3, products: 250, sessions: 50 });
    const large = generateDemoData({ seed: 3, products: 250, sessions: 300 });
    expect(large.products).toEqual(small.products);
  });

  it('does not depend on the clock: no event is after `now`, and `now` defaults to a fixed date', () => {
    const data = generateDemoData({ sessions: 100, products: 100 });
    const last = data.events[data.events.length - 1];
    expect(Date.parse(last.createdAt)).toBeLessThan(Date.parse(DEFAULT_DEMO_NOW));
    const shifted = generateDemoData({ sessions: 100, products: 100, now: new Date('2025-03-01T00:00:00.000Z') });
    expect(Date.parse(shifted.events[shifted.events.length - 1].createdAt)).toBeLessThan(Date.parse('2025-03-01T00:00:00.000Z'));
    expect(Date.parse(shifted.events[0].createdAt)).toBeGreaterThanOrEqual(Date.parse('2024-12-01T00:00:00.000Z'));
  });

  it('rejects bad options with a message naming the option', () => {
    expect(() => generateDemoData({ products: 5 })).toThrow(/products must be an integer from 40/);
    expect(() => generateDemoData({ sessions: -1 })).toThrow(/sessions must be/);
    expect(() => generateDemoData({ seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => generateDemoData({ now: new Date('nope') })).toThrow(/now must be a valid Date/);
  });

  it('honours small sizes exactly', () => {
    const data = generateDemoData({ products: 40, sessions: 25 });
    expect(data.products).toHaveLength(40);
    expect(new Set(data.events.map((e) => e.sessionId)).size).toBe(25);
    expect(generateDemoData({ sessions: 0, products: 40 }).events).toEqual([]);
  });
});
