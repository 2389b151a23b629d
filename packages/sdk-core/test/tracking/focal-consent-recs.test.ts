/**
 * Consent and the recommendation side of the SDK: the answers cached in IndexedDB (`focal-recs`: keys naming the
 * products the shopper viewed, answers personalised for them) and the signed-in shopper's token.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { openDB } from 'idb';
import { cacheConsent, createRecommendClient, type RecommendClient } from '../../src/recommend/index.js';
import type { Focal } from '../../src/focal.js';
import { result, settled } from '../recommend/fixtures.js';
import { ENDPOINT, until } from './fake-adapter.js';
import { focalHarness } from './focal-harness.js';
import { sharedStorage } from './tabs.js';

afterEach(() => vi.unstubAllGlobals()); // (after the harness's teardown, which destroys the instances)
const harness = focalHarness('focal-consent-recs', { flushInterval: 30 });
const { adapter } = harness;
/** The user token header of each recommendation request, in order. */
const tokens: Array<string | null> = [];
const clients: RecommendClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
  tokens.length = 0;
});
const answer = () => adapter.server.use(http.post(`${ENDPOINT}/v1/recommendations`, async ({ request }) => {
  tokens.push(request.headers.get('x-focal-user-token'));
  const body = await request.json() as { placements: Array<{ placement: string }> };
  return HttpResponse.json({ results: body.placements.map((p) => result(p.placement, ['A', 'B'])) });
}));
/** A client as a store wires it to the tracker, with the default cache (IndexedDB `focal-recs`). */
function recommend(focal: Focal): RecommendClient {
  const c = createRecommendClient({ endpoint: ENDPOINT, siteKey: 'pk_unit', anonymousId: () => focal.anonymousId, userToken: () => focal.userToken });
  clients.push(c);
  return c;
}
const hasRecs = async () => (await indexedDB.databases()).some((d) => d.name === 'focal-recs');

describe('consent and the recommendation cache (focal-recs)', () => {
  it('a refusal in another tab deletes the cached answers (the products the shopper viewed); later answers are shown but not stored', async () => {
    answer();
    const { openTab } = harness.oneBrowser();
    const a = openTab();
    const b = openTab();
    const recs = recommend(a);
    expect((await settled(recs.placement({ placement: 'pdp-similar', items: ['VIEWED-1'] }))).status).toBe('ready');
    await until(hasRecs, 3000, 'the answer to be cached');

    b.consent({ analytics: true, personalization: false });
    await until(() => a.consentState?.personalization === false, 3000, 'tab A to hear the refusal');
    await until(async () => !(await hasRecs()), 3000, 'focal-recs to be deleted');

    const next = await settled(recs.placement({ placement: 'pdp-similar', items: ['VIEWED-2'] }));
    expect(next).toMatchObject({ status: 'ready', source: 'server' });
    await a.flush(); // (a write would have been started by now)
    expect(await hasRecs()).toBe(false);
  });

  it('a refusal an earlier page stored: the cached answers are deleted when the SDK starts', async () => {
    // what an earlier page (consent granted then) left
    const earlier = await openDB('focal-recs', 1, { upgrade: (d) => { d.createObjectStore('responses'); } });
    await earlier.put('responses', { response: result('pdp-similar', ['A']), storedAt: Date.now() }, `${ENDPOINT}|pk_unit|pdp-similar|VIEWED-1|`);
    earlier.close();
    expect(await hasRecs()).toBe(true);
    const storage = sharedStorage();
    storage.seed({ 'focal.consent': JSON.stringify({ analytics: false, personalization: false }) });
    storage.open(() => harness.make());
    await until(async () => !(await hasRecs()), 3000, 'focal-recs to be deleted at start');
  });

  it('cacheConsent called by the page with a malformed choice throws naming the field, and deletes nothing', async () => {
    const earlier = await openDB('focal-recs', 1, { upgrade: (d) => { d.createObjectStore('responses'); } });
    await earlier.put('responses', { response: result('pdp-similar', ['A']), storedAt: Date.now() }, `${ENDPOINT}|pk_unit|pdp-similar||`);
    earlier.close();
    expect(() => cacheConsent({ analytics: 'yes', personalization: true } as never)).toThrow(/analytics must be true or false/);
    expect(await hasRecs()).toBe(true);
  });
});

describe('consent and the signed-in shopper\'s token', () => {
  it('is not sent with recommendation requests while personalisation is refused, and is again once it is granted', async () => {
    answer();
    const focal = harness.make();
    await focal.identify('customer-7', { token: 'jwt-7' });
    const recs = recommend(focal);
    await settled(recs.placement({ placement: 'home-for-you' }));
    focal.consent({ analytics: true, personalization: false });
    await focal.flush();
    expect(focal.userToken).toBeUndefined();
    await settled(recs.placement({ placement: 'pdp-similar', items: ['X'] }));
    focal.consent({ analytics: true, personalization: true });
    await focal.flush();
    expect(focal.userToken).toBe('jwt-7');
    await settled(recs.placement({ placement: 'pdp-similar', items: ['Y'] }));
    expect(tokens).toEqual(['jwt-7', null, 'jwt-7']);
  });
});
