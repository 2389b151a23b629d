import { describe, expect, it } from 'vitest';
import { validateEvent, type FocalEvent, type FocalEventOf } from '@focal/sdk-core/contracts';
import { DEFAULT_DEMO_NOW } from '../../src/demo/index.js';
import { bySession, defaultDemo, productIndex } from './load.js';

const DAY = 24 * 3600 * 1000;

describe('demo shopper history', () => {
  const { products, events } = defaultDemo();
  const byId = productIndex(products);
  const purchases = events.filter((e): e is FocalEventOf<'purchase'> => e.type === 'purchase');

  it('holds 20,000 sessions over the 90 days before now, in chronological order', () => {
    expect(new Set(events.map((e) => e.sessionId)).size).toBe(20_000);
    const now = Date.parse(DEFAULT_DEMO_NOW);
    const first = Date.parse(events[0].createdAt);
    expect(first).toBeGreaterThanOrEqual(now - 90 * DAY);
    expect(first).toBeLessThan(now - 85 * DAY);
    for (let i = 1; i < events.length; i++) {
      if (events[i].createdAt < events[i - 1].createdAt) throw new Error(`event ${i} is earlier than event ${i - 1}`);
    }
    expect(Date.parse(events[events.length - 1].createdAt)).toBeLessThan(now);
  });

  it('has only events that pass validateEvent, with unique UUIDv7 ids matching their timestamps', { timeout: 120_000 }, () => {
    const problems: string[] = [];
    for (const e of events) {
      const result = validateEvent(e);
      if (!result.ok) problems.push(`${e.id}: ${result.problems.map((p) => p.message).join('; ')}`);
      if (parseInt(e.id.replace(/-/g, '').slice(0, 12), 16) !== Date.parse(e.createdAt)) problems.push(`${e.id}: timestamp`);
      if (problems.length > 5) break;
    }
    expect(problems).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => e.consent.analytics && e.consent.personalization && e.page?.type)).toBe(true);
  });

  it('only references products of the catalog', { timeout: 60_000 }, () => {
    const unknown = new Set<string>();
    for (const e of events) {
      const props = e.properties as { productId?: string; lineItems?: { productId: string }[] };
      if (props.productId && !byId.has(props.productId)) unknown.add(props.productId);
      for (const line of props.lineItems ?? []) if (!byId.has(line.productId)) unknown.add(line.productId);
    }
    expect([...unknown]).toEqual([]);
  });

  it('has returning shoppers, identified shoppers and students', { timeout: 60_000 }, () => {
    const sessionsPerShopper = new Map<string, Set<string>>();
    for (const e of events) {
      const set = sessionsPerShopper.get(e.anonymousId) ?? new Set();
      set.add(e.sessionId);
      sessionsPerShopper.set(e.anonymousId, set);
    }
    const shoppers = [...sessionsPerShopper.values()];
    expect(shoppers.filter((s) => s.size > 1).length / shoppers.length).toBeGreaterThan(0.4);
    expect(shoppers.some((s) => s.size >= 10)).toBe(true);
    const identifies = events.filter((e): e is FocalEventOf<'identify'> => e.type === 'identify');
    expect(identifies.length).toBeGreaterThan(1000);
    expect(identifies.filter((e) => e.properties.traits?.student === true).length).toBeGreaterThan(200);
    // After identifying, every later event of that browser carries the user id.
    const identifiedAt = new Map(identifies.map((e) => [e.anonymousId, { at: e.createdAt, userId: e.userId }]));
    const anonymousAfterLogin = events.filter((e) => {
      const id = identifiedAt.get(e.anonymousId);
      return id && e.createdAt > id.at && e.userId !== id.userId;
    });
    expect(anonymousAfterLogin).toEqual([]);
    expect(identifies.every((e) => e.properties.previousAnonymousId === e.anonymousId)).toBe(true);
  });

  it('mostly follows a frame purchase with prescription lenses within a week', () => {
    const byShopper = new Map<string, FocalEventOf<'purchase'>[]>();
    for (const p of purchases) byShopper.set(p.anonymousId, [...(byShopper.get(p.anonymousId) ?? []), p]);
    let frameOrders = 0;
    let followed = 0;
    let withCaseOrCloth = 0;
    const now = Date.parse(DEFAULT_DEMO_NOW);
    for (const orders of byShopper.values()) {
      for (const order of orders) {
        const t = Date.parse(order.createdAt);
        if (t > now - 7 * DAY) continue;
        if (!order.properties.lineItems.some((l) => byId.get(l.productId)!.categoryPath[1] === 'Optical frames')) continue;
        frameOrders++;
        const week = orders.filter((o) => Date.parse(o.createdAt) >= t && Date.parse(o.createdAt) <= t + 7 * DAY);
        const lines = week.flatMap((o) => o.properties.lineItems.map((l) => byId.get(l.productId)!.categoryPath[1]));
        if (lines.includes('Prescription lenses')) followed++;
        if (lines.includes('Cases') || lines.includes('Cleaning cloths')) withCaseOrCloth++;
      }
    }
    expect(frameOrders).toBeGreaterThan(500);
    expect(followed / frameOrders).toBeGreaterThan(0.75);
    expect(withCaseOrCloth / frameOrders).toBeGreaterThan(0.35);
  });

  it('re-orders contact lenses when the previous boxes run out', () => {
    const last = new Map<string, { at: number; days: number }>();
    const ratios: number[] = [];
    for (const order of purchases) {
      for (const line of order.properties.lineItems) {
        const product = byId.get(line.productId)!;
        if (product.categoryPath[0] !== 'Contact lenses') continue;
        const key = `${order.anonymousId}:${line.productId}`;
        const at = Date.parse(order.createdAt);
        const previous = last.get(key);
        if (previous) ratios.push((at - previous.at) / DAY / previous.days);
        last.set(key, { at, days: Number(product.attributes?.packDays) * line.quantity });
      }
    }
    expect(ratios.length).toBeGreaterThan(1000);
    const onCycle = ratios.filter((r) => r > 0.8 && r < 1.2).length / ratios.length;
    expect(onCycle).toBeGreaterThan(0.9);
  });

  it('proposes a returning wearer\'s own lenses first on home-for-you (replenishment), and the click leads to the re-order', () => {
    const clicked = new Set<string>();
    let clicks = 0, reorders = 0;
    const boughtBefore = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.type === 'rec_click' && e.properties.strategy === 'replenishment') {
        clicks++;
        expect(e.properties).toMatchObject({ placement: 'home-for-you', position: 0 });
        expect(boughtBefore.get(e.anonymousId)?.has(e.properties.productId)).toBe(true);
        clicked.add(`${e.sessionId}:${e.properties.productId}`);
      }
      if (e.type !== 'purchase') continue;
      for (const line of e.properties.lineItems) {
        if (clicked.has(`${e.sessionId}:${line.productId}`)) reorders++;
        boughtBefore.set(e.anonymousId, (boughtBefore.get(e.anonymousId) ?? new Set()).add(line.productId));
      }
    }
    expect(clicks).toBeGreaterThan(200);
    expect(reorders / clicks).toBeGreaterThan(0.8);
  });

  it('changes demand over time: sunglasses season fades and new arrivals trend, so trending is not popular', () => {
    const now = Date.parse(DEFAULT_DEMO_NOW);
    const views = events.filter((e): e is FocalEventOf<'product_view'> => e.type === 'product_view');
    const month = (e: FocalEvent) => Math.floor((Date.parse(e.createdAt) - (now - 90 * DAY)) / (30 * DAY));
    const sunShare = (m: number) => {
      const inMonth = views.filter((e) => month(e) === m);
      return inMonth.filter((e) => byId.get(e.properties.productId)!.categoryPath[1] === 'Sunglasses').length / inMonth.length;
    };
    expect(sunShare(2)).toBeLessThan(0.75 * sunShare(0));
    const topFrames = (from: number) => {
      const counts = new Map<string, number>();
      for (const e of views) {
        if (Date.parse(e.createdAt) < from || byId.get(e.properties.productId)!.categoryPath[0] !== 'Frames') continue;
        counts.set(e.properties.productId, (counts.get(e.properties.productId) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([id]) => id);
    };
    const allTime = new Set(topFrames(0));
    expect(topFrames(now - 14 * DAY).filter((id) => !allTime.has(id)).length).toBeGreaterThanOrEqual(3);
    const firstSeen = new Map<string, number>();
    for (const e of views) if (!firstSeen.has(e.properties.productId)) firstSeen.set(e.properties.productId, Date.parse(e.createdAt));
    const newcomers = [...firstSeen].filter(([id, t]) => t > now - 45 * DAY && byId.get(id)!.categoryPath[0] === 'Frames');
    expect(newcomers.length).toBeGreaterThan(50);
  });

  it('has full funnels: searches, carts, removals and purchases whose revenue adds up', () => {
    const types = new Set(events.map((e) => e.type));
    for (const t of ['page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart', 'purchase', 'identify', 'rec_impression', 'rec_click']) {
      expect(types, t).toContain(t);
    }
    for (const order of purchases) {
      const sum = order.properties.lineItems.reduce((s, l) => s + l.price * l.quantity, 0);
      expect(order.properties.revenue).toBeCloseTo(sum, 2);
    }
    const sessions = bySession(events);
    const converted = [...sessions.values()].filter((s) => s.some((e) => e.type === 'purchase')).length;
    expect(converted / sessions.size).toBeGreaterThan(0.1);
    expect(converted / sessions.size).toBeLessThan(0.6);
  });
});
