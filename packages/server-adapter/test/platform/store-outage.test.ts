/**
 * PostgreSQL going away for a few seconds under a running adapter (a failover, a restart, a network cut): the adapter
 * answers (503, never hangs), /healthz says the truth, and it serves again once the database is back, without a restart.
 * The database is reached through a TCP proxy on loopback that the test cuts and restores. PostgreSQL only (DATABASE_URL).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent } from '../fixtures.js';
import { closeBehindProxy, startProxy, statusOf } from './tcp-proxy.js';

const url = process.env.DATABASE_URL;


describe.skipIf(!url)('PostgreSQL out for a few seconds under a running adapter', () => {
  const schema = `focal_outage_${randomBytes(5).toString('hex')}`;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let adapter: TestAdapter;
  beforeAll(async () => {
    proxy = await startProxy(new URL(url!));
    adapter = await startTestAdapter({ databaseUrl: proxy.url, schema });
  });
  afterAll(async () => {
    await closeBehindProxy(proxy, adapter, url!, schema);
  });

  const ingest = (anonymousId: string, timeoutMs = 15_000) => fetch(`${adapter.url}/v1/events`, {
    method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [makeEvent('page_view', { anonymousId })] }), signal: AbortSignal.timeout(timeoutMs),
  });

  it('answers 503 while the database does not answer, and serves again once it is back, without a restart', async () => {
    expect(await statusOf(ingest('before'))).toBe(200);

    proxy.silent();
    // more requests than the pool has connections: each one waits for a connection that never comes up
    const during = await Promise.all(Array.from({ length: 15 }, (_, i) => statusOf(
      i % 3 ? fetch(`${adapter.url}/healthz`, { signal: AbortSignal.timeout(15_000) }) : ingest(`during-${i}`))));
    expect(during.filter((s) => s === 'no answer'), 'requests left hanging while the database was out').toEqual([]);
    // 503 (retry shortly), not 500 internal (a bug): the SDK retries either, the operator's alerts and logs tell them apart
    expect(new Set(during)).toEqual(new Set([503]));

    const refused = await ingest('during-refused');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ error: { code: 'store_unavailable' } });

    proxy.restore();
    const healthz = await statusOf(fetch(`${adapter.url}/healthz`, { signal: AbortSignal.timeout(15_000) }));
    expect(healthz, '/healthz once the database is back').toBe(200);
    expect(await statusOf(ingest('after'))).toBe(200);
    const stored = (await adapter.storedEvents()).map((e) => e.anonymousId);
    expect(stored).toContain('before');
    expect(stored).toContain('after');
  }, 60_000);

  it('/healthz answers 503 when the connections open stop carrying anything (a partition), not after TCP gives up', async () => {
    expect(await statusOf(ingest('warm'))).toBe(200); // the pool now holds idle connections
    proxy.freeze();
    const health = await statusOf(fetch(`${adapter.url}/healthz`, { signal: AbortSignal.timeout(10_000) }));
    expect(health, '/healthz while every connection is silent').toBe(503);
    proxy.restore();
    let back = await statusOf(fetch(`${adapter.url}/healthz`, { signal: AbortSignal.timeout(10_000) }));
    for (let i = 0; i < 20 && back !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      back = await statusOf(fetch(`${adapter.url}/healthz`, { signal: AbortSignal.timeout(10_000) }));
    }
    expect(back).toBe(200);
  }, 60_000);

  // Recommendations of a loaded site come from memory (they answered on old code too); ingest writes, and hung there.
  it('a shopper\'s ingest on connections gone silent mid-query answers 503, not after TCP gives up; recommendations keep answering', async () => {
    // the pool holds idle connections, and the site index and sites cache are warm
    expect(await statusOf(ingest('warm-2'))).toBe(200);
    const recommend = () => fetch(`${adapter.url}/v1/recommendations?placement=home-trending&anonymousId=frozen`, {
      headers: { 'x-focal-site-key': adapter.siteKey }, signal: AbortSignal.timeout(40_000),
    });
    expect(await statusOf(recommend())).toBe(200);
    proxy.freeze();
    const [ingested, recommended] = await Promise.all([
      (async () => {
        const response = await ingest('frozen', 40_000).catch(() => undefined);
        return response ? { status: response.status, body: await response.json() as unknown } : 'no answer';
      })(),
      statusOf(recommend()),
    ]);
    expect(ingested, 'ingest while every connection is silent').toMatchObject({ status: 503, body: { error: { code: 'store_unavailable' } } });
    expect(recommended, 'recommendations while every connection is silent').not.toBe('no answer');
    proxy.restore();
    let back = await statusOf(ingest('after-freeze'));
    for (let i = 0; i < 20 && back !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      back = await statusOf(ingest('after-freeze'));
    }
    expect(back, 'ingest once the connections carry again').toBe(200);
  }, 90_000);
});
