/**
 * `focal-adapter serve` stopped with SIGTERM (a deploy, a scale-down) while a shopper's batch is on its way in: the
 * batch is answered and fully processed (stored, and folded into the shopper's profile), and the process exits.
 * A real CLI process on an on-disk PGlite.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { readProfile } from '../../src/profiles/service.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'focal-sigterm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('focal-adapter serve and SIGTERM', () => {
  it('answers and processes a batch in flight when SIGTERM arrives, then exits 0 (an idle keep-alive client does not hold it)', async () => {
    const dataDir = join(dir, 'data');
    const seed = await openStore({ dataDir });
    await seed.sites.upsert({ siteKey: 'pk_stop', name: 'Stop', allowedOrigins: [], settings: {} });
    await seed.catalog.upsert('pk_stop', [makeProduct('P1', { brand: 'Nord' }), makeProduct('P2')]);
    await seed.close();
    const config = join(dir, 'focal.config.json');
    writeFileSync(config, JSON.stringify({ sites: [{ siteKey: 'pk_stop', name: 'Stop', allowedOrigins: [], settings: {} }], rateLimit: { max: 0, windowSeconds: 60 }, log: 'silent' }));

    const child = spawn(process.execPath, ['--conditions=@focal/source', '--import', 'tsx', cli, 'serve', '--port', '0', '--data-dir', dataDir, '--config', config], {
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', FOCAL_ADMIN_KEY: '' }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk;
        const match = /"msg":"listening","url":"([^"]+)"/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`serve exited before listening: ${output}`)));
    });
    try {
      // a client that keeps its connection open between requests (a load balancer, a keep-alive agent)
      const agent = new http.Agent({ keepAlive: true });
      const idle = await fetchStatus(`${url}/healthz`, agent);
      expect(idle).toBe(200);

      // a batch whose body is still arriving when SIGTERM comes
      const events = [
        makeEvent('product_view', { anonymousId: 'stopper', sessionId: 's1', properties: { productId: 'P1' } }),
        makeEvent('product_view', { anonymousId: 'stopper', sessionId: 's1', properties: { productId: 'P2' } }),
        makeEvent('add_to_cart', { anonymousId: 'stopper', sessionId: 's1', properties: { productId: 'P1', quantity: 1, price: 99, currency: 'EUR' } }),
      ];
      const body = Buffer.from(JSON.stringify({ events }));
      const request = http.request(`${url}/v1/events`, {
        method: 'POST', agent: false,
        headers: { 'x-focal-site-key': 'pk_stop', 'content-type': 'application/json', 'content-length': body.length },
      });
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        request.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, text }));
        });
        request.on('error', reject);
      });
      answered.catch(() => undefined);
      request.write(body.subarray(0, 40));
      await sleep(300);
      child.kill('SIGTERM');
      await sleep(300);
      request.end(body.subarray(40));

      const answer = await answered.catch((error: Error) => ({ status: 0, text: `no answer: ${error.message}` }));
      expect(answer.text).toContain('"accepted":3');
      expect(answer.status).toBe(200);
      const [code] = await exited;
      expect(code).toBe(0);
      agent.destroy();
    } finally {
      child.kill('SIGKILL');
    }

    const store = await openStore({ dataDir });
    try {
      expect(await store.events.count('pk_stop')).toBe(3);
      // the profile was updated too: a retry of the batch would only get "duplicate" and never update it
      const profile = await readProfile(store, 'pk_stop', { anonymousId: 'stopper' });
      expect(profile.recentViews.map((v) => v.productId).sort()).toEqual(['P1', 'P2']);
      expect(profile.cart.map((c) => c.productId)).toEqual(['P1']);
    } finally {
      await store.close();
    }
  }, 120_000);
});

function fetchStatus(url: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode!));
    }).on('error', reject);
  });
}
