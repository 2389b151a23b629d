import { describe, expect, it } from 'vitest';
import { Product, Promotion } from '@focal/sdk-core/contracts';
import { defaultDemo } from './load.js';

describe('demo catalog', () => {
  const { products, promotions } = defaultDemo();

  it('has at least 2,000 valid products with unique ids, local image and product urls', () => {
    expect(products.length).toBeGreaterThanOrEqual(2000);
    const bad = products.filter((p) => !Product.safeParse(p).success);
    expect(bad).toEqual([]);
    expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
    for (const p of products) {
      expect(p.url).toBe(`/products/${p.id}`);
      expect(p.image).toBe(`/img/${p.id}.svg`);
      expect(p.currency).toBe('EUR');
    }
  });

  it('names every product apart, so a shopper never sees two products of one name at two prices', () => {
    // the generator's vocabulary described one product in five alike: a solution's page recommended three more
    // "PureRinse peroxide contact lens solution 2 × 360 ml" as similar to it, each at another price
    const byTitle = new Map<string, string[]>();
    for (const p of products) byTitle.set(p.title, [...(byTitle.get(p.title) ?? []), p.id]);
    expect([...byTitle].filter(([, ids]) => ids.length > 1).map(([title, ids]) => `${title}: ${ids.join(', ')}`)).toEqual([]);
    // later products of a name get a product line after their brand; the first keeps it
    expect(products.find((p) => p.id === 'SO-00001')!.title).toBe('PureRinse peroxide contact lens solution 2 × 360 ml');
    for (const p of products) expect(p.title.startsWith(`${p.brand} `), p.id).toBe(true);
  });

  it('covers every department an optical retailer sells', () => {
    const paths = new Set(products.map((p) => p.categoryPath.slice(0, 2).join('/')));
    for (const path of ['Frames/Optical frames', 'Frames/Sunglasses', 'Lenses/Prescription lenses', 'Lenses/Coatings',
      'Contact lenses/Daily', 'Contact lenses/Two-weekly', 'Contact lenses/Monthly', 'Accessories/Cases',
      'Accessories/Cleaning cloths', 'Accessories/Solutions', 'Eye care/Drops', 'Eye care/Wipes']) {
      expect(paths, path).toContain(path);
    }
  });

  it('describes frames by shape, material, colour, gender and price band, with prices that follow the band', () => {
    const frames = products.filter((p) => p.categoryPath[0] === 'Frames');
    expect(frames.length).toBeGreaterThan(1000);
    const shapes = new Set(frames.map((p) => p.attributes?.shape));
    expect([...shapes]).toEqual(expect.arrayContaining(['round', 'rectangle', 'cat-eye', 'aviator', 'square', 'oval', 'browline']));
    const mean = (band: string) => {
      const prices = frames.filter((p) => p.attributes?.priceBand === band).map((p) => p.price);
      return prices.reduce((a, b) => a + b, 0) / prices.length;
    };
    expect(mean('budget')).toBeLessThan(mean('mid'));
    expect(mean('mid')).toBeLessThan(mean('premium'));
    expect(mean('premium')).toBeLessThan(mean('luxury'));
    for (const f of frames) {
      expect(f.attributes).toMatchObject({ shape: expect.any(String), material: expect.any(String), colour: expect.any(String) });
      expect(['women', 'men', 'unisex']).toContain(f.attributes?.gender);
      expect(f.price).toBeGreaterThanOrEqual(30);
      expect(f.price).toBeLessThanOrEqual(500);
    }
  });

  it('gives every contact lens box and solution a pack duration', () => {
    const consumables = products.filter((p) => p.categoryPath[0] === 'Contact lenses' || p.categoryPath[1] === 'Solutions');
    expect(consumables.length).toBeGreaterThan(100);
    for (const p of consumables) expect(p.attributes?.packDays, p.id).toBeGreaterThanOrEqual(30);
    const daily = products.filter((p) => p.categoryPath[1] === 'Daily');
    expect(daily.every((p) => p.attributes?.replacement === 'daily')).toBe(true);
  });

  it('has a few percent of products out of stock', () => {
    const out = products.filter((p) => !p.inStock).length / products.length;
    expect(out).toBeGreaterThan(0.01);
    expect(out).toBeLessThan(0.08);
    expect(products.filter((p) => !p.inStock).every((p) => p.stockQuantity === 0)).toBe(true);
  });

  it('ships valid local promotions: a student frames offer, a contact-lens offer and a scheduled sunglasses sale', () => {
    for (const promo of promotions) expect(Promotion.safeParse(promo).success, promo.id).toBe(true);
    expect(promotions.every((p) => p.source === 'local')).toBe(true);
    const student = promotions.find((p) => p.segment?.traits?.student === true);
    expect(student?.slot).toBe('home-hero');
    expect(promotions.find((p) => p.segment?.categories?.includes('Contact lenses'))).toBeDefined();
    const summer = promotions.find((p) => p.id === 'promo-summer-sunglasses');
    expect(summer?.startsAt).toMatch(/-06-01T/);
    expect(summer?.endsAt).toMatch(/-08-31T/);
  });
});
