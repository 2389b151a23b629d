/**
 * A PostgreSQL connection lost while the adapter holds it (a transaction, an advisory lock): the database restarting
 * or a failover cuts it, here a TCP proxy on loopback (test/platform/tcp-proxy.ts). Needs DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresClient } from '../../src/store/postgres-client.js';
import type { SqlClient } from '../../src/store/index.js';
import { startProxy } from '../platform/tcp-proxy.js';

const url = process.env.DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!url)('a connection lost while the adapter holds it (PostgreSQL)', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let sql: SqlClient;
  const uncaught: Error[] = [];
  const hear = (error: Error) => uncaught.push(error);
  beforeAll(async () => {
    proxy = await startProxy(new URL(url!));
    sql = await createPostgresClient({ url: proxy.url, connectionTimeoutMillis: 2000, queryTimeoutMillis: 3000 });
    // what would end an adapter process; vitest reports it too, which fails this file on the old client
    process.on('uncaughtException', hear);
  });
  afterAll(async () => {
    process.off('uncaughtException', hear);
    proxy.restore();
    await sql?.close().catch(() => undefined);
    await proxy?.close();
  });

  it('a transaction whose connection is cut between two statements fails, the process lives, and the next one works', async () => {
    const transaction = sql.transaction(async (tx) => {
      await tx.query('SELECT 1');
      proxy.refuse(); // the database restarts while the transaction's own code runs
      await sleep(300);
      return tx.query('SELECT 2');
    });
    await expect(transaction).rejects.toThrow();
    proxy.restore();
    expect(uncaught).toEqual([]);
    expect((await sql.transaction((tx) => tx.query('SELECT 3 AS n'))).rows).toEqual([{ n: 3 }]);
  }, 20_000);

  it('an advisory lock whose connection is cut while its work runs: the work ends, the process lives, the next lock is taken', async () => {
    const work = sql.withLock(0x46434c54, async () => {
      proxy.refuse();
      await sleep(300);
      return 'done';
    });
    await expect(work).resolves.toBe('done'); // the lock went with its connection; nothing is left to unlock
    proxy.restore();
    expect(uncaught).toEqual([]);
    expect(await sql.withLock(0x46434c54, async () => (await sql.query('SELECT 4 AS n')).rows)).toEqual([{ n: 4 }]);
  }, 20_000);
});
