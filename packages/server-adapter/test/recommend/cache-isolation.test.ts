/**
 * Personal answers are cached per shopper: a shopper must never be served another shopper's cached list. A user's
 * key and an anonymous visitor's key used to be the same text (`<id>@<version>`), so a visitor who picked the
 * victim's user id as their anonymous id (a header the browser chooses) got the victim's personal list, whose first
 * items are the products the victim looked at.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { DEFAULT_PLACEMENTS } from '../../src/recommend/index.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const SECRET = 'cache-isolation-test-secret-0123456789';
const products = [
  ...Array.from({ length: 10 }, (_, i) => makeProduct(`FR-${i}`, { categoryPath: ['Frames'], brand: 'Lumen' })),
  ...Array.from({ length: 10 }, (_, i) => makeProduct(`LE-${i}`, { categoryPath: ['Lenses'], brand: 'Optix' })),
];

describe('recommendation cache: one shopper never gets another shopper\'s personal answer (real adapter)', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    // home-for-you without its diversity pass: each shopper's answer is then their own category only, which shows a leak
    const placements = { 'home-for-you': { ...DEFAULT_PLACEMENTS['home-for-you'], diversity: false } };
    adapter = await startTestAdapter({ products, config: { placements, jwt: { secret: SECRET, algorithms: ['HS256'], issuer: 'shop', audience: 'focal' } } });
  });
  afterAll(() => adapter?.close());

  const post = async (events: unknown[]) => {
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey }, body: JSON.stringify({ events }),
    });
    expect((await response.json()).accepted).toBe(events.length);
  };
  const forYou = async (headers: Record<string, string>): Promise<string[]> => {
    const response = await fetch(`${adapter.url}/v1/recommendations?placement=home-for-you&limit=5`, { headers: { 'x-focal-site-key': adapter.siteKey, ...headers } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { id: string }[] }).items.map((c) => c.id);
  };

  it('an anonymous id equal to a user id does not read that user\'s cached answer', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('cust-1').setIssuer('shop').setAudience('focal')
      .setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    // The signed-in victim looks at three lenses, then loads the home page (their answer is cached).
    await post([1, 2, 3].map((i) => makeEvent('product_view', { anonymousId: 'a-victim', userId: 'cust-1', properties: { productId: `LE-${i}` } })));
    const victim = await forYou({ authorization: `Bearer ${token}`, 'x-focal-anonymous-id': 'a-victim' });
    expect(victim.slice(0, 3).sort()).toEqual(['LE-1', 'LE-2', 'LE-3']);
    // Another visitor calls themself "cust-1" and, with as many events of their own (frames), reaches the same state version.
    await post([1, 2, 3].map((i) => makeEvent('product_view', { anonymousId: 'cust-1', sessionId: 's-other', properties: { productId: `FR-${i}` } })));
    const other = await forYou({ 'x-focal-anonymous-id': 'cust-1' });
    // their own answer: frames like the ones they looked at, none of the victim's lenses
    expect(other.length).toBe(5);
    expect(other.filter((id) => !id.startsWith('FR-'))).toEqual([]);
  });
});
