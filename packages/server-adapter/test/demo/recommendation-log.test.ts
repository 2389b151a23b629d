import { describe, expect, it } from 'vitest';
import type { FocalEvent, FocalEventOf, Product } from '@focal/sdk-core/contracts';
import { bySession, defaultDemo, leaf, productIndex } from './load.js';

interface List {
  requestId: string;
  placement: string;
  items: string[];
  clicked: number;
  recentViews: Product[];
  shownBefore: Map<string, number>;
}

/** Rebuilds each impression list with the session's views and earlier ignored impressions at that moment. */
function lists(events: readonly FocalEvent[], byId: Map<string, Product>): List[] {
  const out: List[] = [];
  for (const session of bySession(events).values()) {
    const views: Product[] = [];
    const shown = new Map<string, number>();
    const open = new Map<string, List>();
    for (const e of session) {
      if (e.type === 'product_view') views.push(byId.get(e.properties.productId)!);
      if (e.type === 'rec_impression') {
        let list = open.get(e.properties.requestId);
        if (!list) {
          for (const done of open.values()) for (const [i, id] of done.items.entries()) if (i !== done.clicked) shown.set(id, (shown.get(id) ?? 0) + 1);
          open.clear();
          list = { requestId: e.properties.requestId, placement: e.properties.placement, items: [], clicked: -1, recentViews: views.slice(-3), shownBefore: new Map(shown) };
          open.set(list.requestId, list);
          out.push(list);
        }
        list.items[e.properties.position] = e.properties.productId;
      }
      if (e.type === 'rec_click') {
        const list = open.get(e.properties.requestId);
        if (list) list.clicked = e.properties.position;
      }
    }
  }
  return out;
}

function reciprocalRank(order: number[], clicked: number): number {
  return 1 / (order.indexOf(clicked) + 1);
}

describe('demo recommendation logs', () => {
  const { products, events } = defaultDemo();
  const byId = productIndex(products);
  const all = lists(events, byId);

  it('logs impression lists on every placement, positions 0..7, with a plausible click rate', { timeout: 60_000 }, () => {
    expect(all.length).toBeGreaterThan(20_000);
    expect(new Set(all.map((l) => l.placement))).toEqual(
      new Set(['home-for-you', 'home-trending', 'pdp-similar', 'pdp-complete-the-look', 'cart-add-ons']));
    for (const list of all) {
      expect(list.items.length).toBeGreaterThanOrEqual(1);
      expect(list.items.length).toBeLessThanOrEqual(8);
      expect(list.items.every((id) => typeof id === 'string')).toBe(true);
    }
    expect(all.filter((l) => new Set(l.items).size !== l.items.length)).toEqual([]);
    const ctr = all.filter((l) => l.clicked >= 0).length / all.length;
    expect(ctr).toBeGreaterThan(0.15);
    expect(ctr).toBeLessThan(0.5);
  });

  it('follows every click with a product view carrying its requestId, placement and position', { timeout: 60_000 }, () => {
    const unfollowed: string[] = [];
    for (const session of bySession(events).values()) {
      session.forEach((e, i) => {
        if (e.type !== 'rec_click') return;
        const next = session.slice(i + 1).find((n): n is FocalEventOf<'product_view'> => n.type === 'product_view');
        const p = next?.properties;
        if (!p || p.productId !== e.properties.productId || p.requestId !== e.properties.requestId
          || p.placement !== e.properties.placement || p.position !== e.properties.position) unfollowed.push(e.id);
      });
    }
    expect(unfollowed).toEqual([]);
    const carried = events.filter((e) => e.type === 'add_to_cart' && e.properties.requestId);
    expect(carried.length).toBeGreaterThan(1000);
  });

  it('concentrates clicks on items in the same category as the session\'s recent views', () => {
    let matchShown = 0, matchClicked = 0, otherShown = 0, otherClicked = 0;
    for (const list of all) {
      if (!list.recentViews.length) continue;
      const recent = new Set(list.recentViews.map(leaf));
      list.items.forEach((id, i) => {
        const match = recent.has(leaf(byId.get(id)));
        if (match) { matchShown++; if (i === list.clicked) matchClicked++; } else { otherShown++; if (i === list.clicked) otherClicked++; }
      });
    }
    expect(matchShown).toBeGreaterThan(10_000);
    expect(matchClicked / matchShown).toBeGreaterThan(3 * (otherClicked / otherShown));
  });

  it('makes items shown and ignored earlier in the session less likely to be clicked', () => {
    let seenShown = 0, seenClicked = 0, freshShown = 0, freshClicked = 0;
    for (const list of all) {
      list.items.forEach((id, i) => {
        if (list.shownBefore.get(id)) { seenShown++; if (i === list.clicked) seenClicked++; } else { freshShown++; if (i === list.clicked) freshClicked++; }
      });
    }
    expect(seenShown).toBeGreaterThan(1000);
    expect(seenClicked / seenShown).toBeLessThan(0.6 * (freshClicked / freshShown));
  });

  it('rarely has shoppers click what they already bought', () => {
    const bought = new Map<string, Set<string>>();
    let clicks = 0, clicksOnBought = 0;
    for (const e of events) {
      if (e.type === 'purchase') {
        const set = bought.get(e.anonymousId) ?? new Set();
        for (const l of e.properties.lineItems) if (byId.get(l.productId)!.categoryPath[0] === 'Frames') set.add(l.productId);
        bought.set(e.anonymousId, set);
      }
      if (e.type === 'rec_click') {
        clicks++;
        if (bought.get(e.anonymousId)?.has(e.properties.productId)) clicksOnBought++;
      }
    }
    expect(clicksOnBought / clicks).toBeLessThan(0.002);
  });

  it('makes in-session behaviour predict the click better than the server order (what the reranker learns)', () => {
    let server = 0, session = 0, n = 0;
    for (const list of all) {
      if (list.clicked < 0 || !list.recentViews.length) continue;
      const recent = list.recentViews.map(leaf);
      const score = (id: string, i: number) =>
        recent.filter((c) => c === leaf(byId.get(id))).length - (list.shownBefore.get(id) ?? 0) - i * 0.01;
      const positions = list.items.map((_, i) => i);
      const reranked = [...positions].sort((a, b) => score(list.items[b], b) - score(list.items[a], a));
      server += reciprocalRank(positions, list.clicked);
      session += reciprocalRank(reranked, list.clicked);
      n++;
    }
    expect(n).toBeGreaterThan(5000);
    expect(session / n).toBeGreaterThan(server / n + 0.1);
  });

  it('puts complements (lenses, cases) first among clicks in "complete the look" after a frame is in the cart', () => {
    const clicks = events.filter((e): e is FocalEventOf<'rec_click'> => e.type === 'rec_click' && e.properties.placement === 'pdp-complete-the-look');
    const kinds = clicks.map((c) => byId.get(c.properties.productId)!.categoryPath[1]);
    const lensOrCase = kinds.filter((k) => k === 'Prescription lenses' || k === 'Cases').length;
    expect(lensOrCase / kinds.length).toBeGreaterThan(0.6);
  });
});
