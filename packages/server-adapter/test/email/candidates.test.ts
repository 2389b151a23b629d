import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { Candidate, FocalEvent, RecommendationResponse } from '@focal/sdk-core/contracts';
import { openStore, type Store } from '../../src/store/store.js';
import { ingestBatch } from '../../src/ingest/ingest.js';
import type { Site } from '../../src/store/sites-repo.js';
import { emailCandidates, type PersonalSource } from '../../src/email/recommender.js';
import { history, products, purchase, SHOP } from './setup.js';

let store: Store;
let site: Site;
beforeAll(async () => {
  store = await openStore();
  site = await store.sites.upsert({ siteKey: 'pk_email_test', name: 'Shop', allowedOrigins: [SHOP], settings: {} });
  await store.catalog.upsert(site.siteKey, products());
  await ingestBatch(store, site.siteKey, { events: history() }, new Date());
});
afterAll(async () => store?.close());

/** A personal answer listing these products, as the recommendation service would. */
function answer(ids: string[]): RecommendationResponse {
  const byId = new Map(products().map((p) => [p.id, p]));
  return {
    requestId: 'rec-req-1', placement: 'email-for-you', strategy: 'blend:personalised', variant: 'B',
    items: ids.map((id, rank): Candidate => ({
      ...byId.get(id)!, inStock: true, reason: `Because you liked ${id}`, strategy: 'personalised',
      features: { score: 1, rank, popularity: 1, cooccurrence: 0, ageDays: 1, strategyScores: { personalised: 1 } },
    })),
  };
}

describe('emailCandidates', () => {
  it('re-checks what the service proposes: out of stock now (P5) and already bought (P3) are left out, whatever it says', async () => {
    const calls: unknown[] = [];
    const personal: PersonalSource = async (request) => { calls.push(request); return answer(['P5', 'P3', 'P6', 'P7']); };
    const out = await emailCandidates(store, site, { shopper: 'cust-warm', placement: 'email-for-you', limit: 4, now: new Date(), personal });
    expect(calls).toEqual([{ site, shopper: 'cust-warm', placement: 'email-for-you', limit: 8 }]);
    expect(out.response.items.map((i) => i.id)).toEqual(['P6', 'P7', 'P1', 'P2']);
    expect(out.excluded).toEqual([{ productId: 'P5', reason: 'out_of_stock' }, { productId: 'P3', reason: 'purchased' }]);
    expect(out.source).toBe('personal+best-sellers');
    expect(out.response).toMatchObject({ requestId: 'rec-req-1', strategy: 'blend:personalised', variant: 'B' });
    expect(out.response.items[0].reason).toBe('Because you liked P6');
    expect(out.response.items.map((i) => i.features.rank)).toEqual([0, 1, 2, 3]);
  });

  it('does not ask the service for a cold shopper: best sellers straight away', async () => {
    let asked = false;
    const personal: PersonalSource = async () => { asked = true; return answer(['P6']); };
    const out = await emailCandidates(store, site, { shopper: 'never-seen', placement: 'email-for-you', limit: 3, now: new Date(), personal });
    expect(asked).toBe(false);
    expect(out.source).toBe('best-sellers');
    expect(out.response.strategy).toBe('fallback:best-sellers');
    expect(out.response.items.map((i) => i.id)).toEqual(['P3', 'P1', 'P2']);
  });

  it('shows best sellers when the service fails, and reports the failure', async () => {
    const errors: string[] = [];
    const personal: PersonalSource = async () => { throw new Error('index not ready'); };
    const out = await emailCandidates(store, site, {
      shopper: 'cust-warm', placement: 'email-for-you', limit: 2, now: new Date(), personal, onPersonalError: (e) => errors.push(e.message),
    });
    expect(errors).toEqual(['index not ready']);
    expect(out.response.items.map((i) => i.id)).toEqual(['P1', 'P2']);
  });

  it('counts best sellers only inside the 90-day window', async () => {
    const later = new Date(Date.now() + 91 * 86_400_000);
    const out = await emailCandidates(store, site, { shopper: 'never-seen', placement: 'email-for-you', limit: 3, now: later });
    // No purchase in the window: the in-stock catalog in id order, not the old best sellers.
    expect(out.response.items.map((i) => i.id)).toEqual(['P1', 'P2', 'P3']);
  });

  it('leaves out what a signed-in customer bought before signing in (anonymous purchase, then identify)', async () => {
    const linked = await store.sites.upsert({ siteKey: 'pk_email_linked', name: 'Shop', allowedOrigins: [SHOP], settings: {} });
    await store.catalog.upsert(linked.siteKey, products());
    const signIn = (anonymousId: string, userId: string, previousAnonymousId?: string): FocalEvent => ({
      id: uuidv7(), type: 'identify', createdAt: new Date().toISOString(), anonymousId, userId, sessionId: `s-${anonymousId}`,
      consent: { analytics: true, personalization: true }, page: { url: `${SHOP}/account`, type: 'account' },
      properties: previousAnonymousId ? { previousAnonymousId } : {},
    });
    await ingestBatch(store, linked.siteKey, { events: [
      ...history(),
      // cust-later bought P1 as a guest (anon-guest), then signed in on that browser
      purchase('P1', 1, { anonymousId: 'anon-guest' }), signIn('anon-guest', 'cust-later'),
      // cust-new-device bought P2 as a guest; the SDK gave a new anonymous id at sign-in and names the old one
      purchase('P2', 1, { anonymousId: 'anon-old' }), signIn('anon-fresh', 'cust-new-device', 'anon-old'),
    ] }, new Date());
    // best sellers are P3, P1, P2, P4 (P5 is sold out)
    const later = await emailCandidates(store, linked, { shopper: 'cust-later', placement: 'email-best-sellers', limit: 3, now: new Date() });
    expect(later.response.items.map((i) => i.id)).toEqual(['P3', 'P2', 'P4']);
    expect(later.excluded).toContainEqual({ productId: 'P1', reason: 'purchased' });
    const moved = await emailCandidates(store, linked, { shopper: 'cust-new-device', placement: 'email-best-sellers', limit: 3, now: new Date() });
    expect(moved.response.items.map((i) => i.id)).toEqual(['P3', 'P1', 'P4']);
    // the guest's own anonymous id still finds the purchase, and another customer is not affected
    expect((await emailCandidates(store, linked, { shopper: 'anon-guest', placement: 'email-best-sellers', limit: 2, now: new Date() })).response.items.map((i) => i.id)).toEqual(['P3', 'P2']);
    expect((await emailCandidates(store, linked, { shopper: 'cust-other', placement: 'email-best-sellers', limit: 3, now: new Date() })).response.items.map((i) => i.id)).toEqual(['P3', 'P1', 'P2']);
  });

  it('a product left out for its link does not choose the email\'s currency (the email came out empty)', async () => {
    // one catalog for two storefronts: the Swiss frames (CHF) live on shop.ch, which this site's links may not go to
    const shop = await store.sites.upsert({ siteKey: 'pk_email_two_shops', name: 'Shop', allowedOrigins: [SHOP], settings: {} });
    const swiss = (id: string) => ({ ...products()[0], id, title: `Swiss ${id}`, url: `https://shop.ch/products/${id}`, currency: 'CHF', price: 120 });
    await store.catalog.upsert(shop.siteKey, [...products(), swiss('CH1'), swiss('CH2')]);
    // the best seller of all is a Swiss frame
    await ingestBatch(store, shop.siteKey, { events: [...history(), purchase('CH1', 9, { anonymousId: 'swiss-buyer' })] }, new Date());
    const out = await emailCandidates(store, shop, { shopper: 'never-seen', placement: 'email-best-sellers', limit: 3, now: new Date() });
    expect(out.response.items.map((i) => [i.id, i.currency])).toEqual([['P3', 'EUR'], ['P1', 'EUR'], ['P2', 'EUR']]);
    expect(out.excluded).toContainEqual({ productId: 'CH1', reason: 'foreign_destination' });
    expect(out.excluded.filter((e) => e.reason === 'other_currency')).toEqual([]);
    // a personal list led by a Swiss frame is the same
    const listed = answer(['P6', 'P7']);
    const personal: PersonalSource = async () => ({ ...listed, items: [{ ...listed.items[0]!, ...swiss('CH2') }, ...listed.items] });
    const warm = await emailCandidates(store, shop, { shopper: 'cust-warm', placement: 'email-for-you', limit: 2, now: new Date(), personal });
    expect(warm.response.items.map((i) => [i.id, i.currency])).toEqual([['P6', 'EUR'], ['P7', 'EUR']]);
  });

  it('keeps a restock of a consumable that is running out (contact lenses after their pack days), never a just-bought frame', async () => {
    const shop = await store.sites.upsert({ siteKey: 'pk_email_restock', name: 'Optician', allowedOrigins: [SHOP], settings: {} });
    const lenses = { ...products()[0], id: 'CL1', title: 'Daily contact lenses, 60 pack', categoryPath: ['Contact lenses', 'Daily'], attributes: { packDays: 30 } };
    const frame = { ...products()[1], id: 'FR1', title: 'Aria round frame' };
    await store.catalog.upsert(shop.siteKey, [...products(), lenses, frame]);
    const who = { anonymousId: 'anon-wearer', userId: 'cust-wearer' };
    await ingestBatch(store, shop.siteKey, { events: [purchase('CL1', 1, who), purchase('FR1', 1, who)] }, new Date());
    const restock = (id: string): Candidate => ({
      ...(id === 'CL1' ? lenses : frame), reason: id === 'CL1' ? 'Time to restock: Daily contact lenses, 60 pack (runs out in 3 days)' : 'Because you like Frames',
      strategy: id === 'CL1' ? 'replenishment' : 'personalised',
      features: { score: 1, rank: 0, popularity: 1, cooccurrence: 0, ageDays: 1, strategyScores: {} },
    });
    const personal: PersonalSource = async () => ({ requestId: 'rec-req-2', placement: 'email-for-you', strategy: 'blend:replenishment+personalised', items: [restock('CL1'), restock('FR1')] });
    const at = (days: number) => emailCandidates(store, shop, { shopper: 'cust-wearer', placement: 'email-for-you', limit: 3, now: new Date(Date.now() + days * 86_400_000), personal });
    // 27 days after the purchase the box runs out in 3 days: the restock leads the email, the frame stays out
    const due = await at(27);
    expect(due.response.items[0]).toMatchObject({ id: 'CL1', reason: 'Time to restock: Daily contact lenses, 60 pack (runs out in 3 days)' });
    expect(due.excluded).toEqual([{ productId: 'FR1', reason: 'purchased' }]);
    // two days after the purchase the box is full: no restock yet
    expect((await at(2)).excluded).toContainEqual({ productId: 'CL1', reason: 'purchased' });
  });
});
