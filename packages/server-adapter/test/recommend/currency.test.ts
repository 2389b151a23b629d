/**
 * A shop whose catalog holds prices in several currencies (a euro storefront and a dollar one feeding one site, or
 * per-market rows of the same frames): one answer never mixes them. A shopper looking at a product priced in euros
 * is shown products priced in euros; an answer without context products follows what the shopper last looked at,
 * and a shopper never seen gets the currency most of the catalog is priced in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';

// 8 frames in euros, 5 in dollars: similar to each other in every way but the currency
const eur = Array.from({ length: 8 }, (_, i) => makeProduct(`EU-${i}`, { price: 100 + i, currency: 'EUR' }));
const usd = Array.from({ length: 5 }, (_, i) => makeProduct(`US-${i}`, { price: 100 + i, currency: 'USD' }));

let adapter: TestAdapter;
beforeAll(async () => {
  adapter = await startTestAdapter({ products: [...eur, ...usd] });
  // the dollar frames are the most viewed, so popularity alone would put them first for everyone
  const events: FocalEvent[] = [];
  for (let s = 0; s < 6; s++) {
    for (const p of usd) events.push(makeEvent('product_view', { anonymousId: `crowd-${s}`, sessionId: `crowd-${s}`, properties: { productId: p.id } }));
  }
  events.push(makeEvent('product_view', { anonymousId: 'in-euros', sessionId: 'in-euros', properties: { productId: 'EU-3' } }));
  events.push(makeEvent('product_view', { anonymousId: 'in-dollars', sessionId: 'in-dollars', properties: { productId: 'US-1' } }));
  const response = await fetch(`${adapter.url}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey }, body: JSON.stringify({ events }),
  });
  expect((await response.json()).accepted).toBe(events.length);
});
afterAll(async () => adapter?.close());

const currencies = async (query: string, anonymousId: string) => {
  const response = await fetch(`${adapter.url}/v1/recommendations?${query}`, {
    headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': anonymousId },
  });
  expect(response.status).toBe(200);
  const body = await response.json() as { items: { id: string; currency: string }[] };
  expect(body.items.length).toBeGreaterThan(0);
  return [...new Set(body.items.map((i) => i.currency))];
};

describe('recommendations in a catalog priced in several currencies', () => {
  it('shows products in the context product\'s currency, whatever the shopper viewed before', async () => {
    expect(await currencies('placement=pdp-similar&items=EU-0&limit=12', 'in-dollars')).toEqual(['EUR']);
    expect(await currencies('placement=pdp-similar&items=US-0&limit=12', 'in-euros')).toEqual(['USD']);
    expect(await currencies('placement=home-trending&items=EU-5&limit=12', 'anyone')).toEqual(['EUR']);
  });

  it('without context products, follows the currency of what the shopper last viewed', async () => {
    expect(await currencies('placement=home-for-you&limit=12', 'in-euros')).toEqual(['EUR']);
    expect(await currencies('placement=home-trending&limit=12', 'in-euros')).toEqual(['EUR']);
    expect(await currencies('placement=home-trending&limit=12', 'in-dollars')).toEqual(['USD']);
    expect(await currencies('placement=home-for-you&limit=12', 'in-dollars')).toEqual(['USD']);
  });

  it('gives a shopper never seen the currency most of the catalog is priced in, never a mix', async () => {
    expect(await currencies('placement=home-trending&limit=12', 'first-visit')).toEqual(['EUR']);
  });
});
