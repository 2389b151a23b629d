/**
 * An adapter embedded in an app with a REDIS_URL nobody answers at (a wrong port, Redis not started yet): the answer
 * cache is optional, so recommendations are answered from the in-process cache and `close()` returns. The first
 * connection attempt used to retry forever: every recommendation request waited on it and `close()` never returned.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeProduct } from '../fixtures.js';
import { statusOf } from './tcp-proxy.js';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a Redis URL nobody answers at', () => {
  it('recommendations are still answered (in-process cache) and close() returns', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const adapter = await startTestAdapter({ products: [makeProduct('F1'), makeProduct('F2'), makeProduct('F3')], config: { redisUrl: url } });
    let closed = false;
    try {
      const status = await statusOf(fetch(`${adapter.url}/v1/recommendations?placement=home-trending&limit=2`, {
        headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'anon-redis-down' },
        signal: AbortSignal.timeout(10_000),
      }));
      expect(status).toBe(200);
    } finally {
      const closing = adapter.close().then(() => { closed = true; });
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    }
    expect(closed).toBe(true);
  }, 30_000);
});
