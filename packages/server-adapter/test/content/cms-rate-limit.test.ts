/**
 * A CMS that rate-limits the adapter (HTTP 429 with Retry-After, as Contentful and Storyblok answer past their
 * per-second limits): the adapter waits as long as it was told before calling again, instead of calling on every
 * shopper's request until its circuit breaker opens and then again every cooldown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { startCmsServer, type CmsServer } from './cms-server.js';

let cms: CmsServer;
let adapter: TestAdapter;
const ENTRIES = '/spaces/focal0space/environments/master/entries';

beforeAll(async () => {
  cms = await startCmsServer();
  cms.routes.set(ENTRIES, () => [429, { sys: { id: 'RateLimitExceeded' }, message: 'You have exceeded the rate limit of the Organization this Space belongs to.' }, { 'retry-after': '120', 'x-contentful-ratelimit-reset': '120' }]);
  adapter = await startTestAdapter({
    config: { content: { provider: 'contentful', contentful: { spaceId: 'focal0space', accessToken: 'cda-token', host: cms.url } } } as never,
  });
});
afterAll(async () => {
  await adapter?.close();
  await cms?.close();
});

describe('a CMS answering 429 with Retry-After', () => {
  it('is called once, not on every shopper request, while it asked the adapter to wait', async () => {
    const answers: { status: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${adapter.url}/v1/content?slot=home-hero`, { headers: { 'x-focal-site-key': adapter.siteKey } });
      answers.push({ status: response.status });
      await response.body?.cancel();
    }
    expect(cms.requests.filter((r) => r.path === ENTRIES)).toHaveLength(1);
    // every shopper is told the slot has no content yet (the browser keeps its last good promotions)
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(503));
  });
});
