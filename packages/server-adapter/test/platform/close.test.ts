/**
 * An application that embeds the adapter and closes it (a script, a serverless handler, a test run) must be able to
 * exit: everything the adapter opened for the process, such as the Redis answer cache, is closed by `close()`.
 */
import { spawnSync } from 'node:child_process';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('adapter.close()', () => {
  it('with the Redis answer cache (REDIS_URL): the process exits by itself once the adapter is closed', async () => {
    // the test needs a reachable Redis (without one the adapter falls back to its in-process cache and proves nothing)
    const probe = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
    await probe.connect();
    await probe.close();
    const script = `
      import { createAdapter } from '@focal/server-adapter';
      const adapter = await createAdapter({ inMemory: true, config: { log: 'silent', redisUrl: ${JSON.stringify(REDIS_URL)} } });
      const answer = await adapter.handler(new Request('http://adapter/healthz'));
      await adapter.close();
      console.log('closed', answer.status);`;
    const run = spawnSync(process.execPath, ['--conditions=@focal/source', '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8', timeout: 30_000, env: { ...process.env, REDIS_URL },
    });
    expect(run.error?.message ?? '', 'the process did not exit within 30 s of close()').toBe('');
    expect(run.stdout.trim()).toBe('closed 200');
    expect(run.status).toBe(0);
  });

  it('a start refused for a feature module\'s configuration closes what it had opened (Redis, the store): the process exits', async () => {
    const probe = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
    await probe.connect();
    await probe.close();
    // the content section is checked after the store and the Redis rate limiter are open; an application (or
    // `focal-adapter serve`) that gets the error has no adapter to close
    const script = `
      import { createAdapter } from '@focal/server-adapter';
      try {
        await createAdapter({ inMemory: true, config: { log: 'silent', redisUrl: ${JSON.stringify(REDIS_URL)}, content: { provider: 'telepathy' } } });
        console.log('started');
      } catch (error) {
        console.log(error.message.split('\\n')[0]);
      }`;
    const run = spawnSync(process.execPath, ['--conditions=@focal/source', '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8', timeout: 30_000, env: { ...process.env, REDIS_URL },
    });
    expect(run.error?.message ?? '', 'the process did not exit within 30 s of the refused start').toBe('');
    expect(run.stdout.trim()).toBe('invalid content configuration:');
    expect(run.status).toBe(0);
  });
});
