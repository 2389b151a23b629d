/**
 * Two full catalog imports of one site at the same time (a cron job and someone re-running it by hand, two adapter
 * processes behind a load balancer): the catalog must end up as one of the two feeds, never a mix of both, and both
 * imports must answer. Through the real adapter on 127.0.0.1, on PGlite and (with DATABASE_URL) on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeProduct } from '../fixtures.js';

const BACKENDS = [{ name: 'PGlite', databaseUrl: undefined }, ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL }] : [])];
/** Products per feed: a few insert chunks, so the two imports' statements interleave. */
const SIZE = 2500;
const ROUNDS = 4;

describe.each(BACKENDS)('two catalog imports of one site at once ($name)', ({ databaseUrl }) => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ ...(databaseUrl ? { databaseUrl } : {}), products: [makeProduct('START-1')] });
  });
  afterAll(async () => adapter?.close());

  const put = (ids: string[]) => fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}`, {
    method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(ids.map((id) => makeProduct(id))),
  });
  const inStock = async () => (await adapter.store.catalog.list(adapter.siteKey, { inStockOnly: true, limit: 100_000 })).map((p) => p.id).sort();

  it('leave the catalog exactly as one of the two feeds says, and both answer 200', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = Array.from({ length: SIZE }, (_, i) => `R${round}-A-${String(i).padStart(5, '0')}`);
      const b = Array.from({ length: SIZE }, (_, i) => `R${round}-B-${String(i).padStart(5, '0')}`);
      const answers = await Promise.all([put(a), put(b)]);
      const bodies = await Promise.all(answers.map(async (r) => `${r.status} ${r.status === 200 ? '' : await r.text()}`.trim()));
      expect(`round ${round}: ${bodies.join(' | ')}`).toBe(`round ${round}: 200 | 200`);
      const stocked = await inStock();
      // one feed or the other (whichever committed last), not both, not a part of one
      expect(`round ${round}: ${stocked.length} in stock, ${stocked.filter((id) => id.includes('-A-')).length} from feed A`)
        .toMatch(new RegExp(`^round ${round}: ${SIZE} in stock, (0|${SIZE}) from feed A$`));
      expect([a.join(), b.join()]).toContain(stocked.join());
    }
  }, 120_000);
});
