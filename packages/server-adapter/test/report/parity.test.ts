/**
 * The same histories give the same report on PGlite and on PostgreSQL (DATABASE_URL, in a random schema dropped
 * after). An unreachable DATABASE_URL fails loudly. Without DATABASE_URL this file has nothing to compare and says so.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.js';
import { DEFAULT_ATTRIBUTION } from '../../src/report/options.js';
import { openStore, type Store } from '../../src/store/index.js';
import { anonymousEmailHistory, attributionHistory, experimentHistory } from './scenarios.js';

const url = process.env.DATABASE_URL;
const SITE = 'pk_report_parity';

describe.skipIf(!url)('report parity: PGlite and PostgreSQL', () => {
  let lite: Store;
  let pg: Store;
  const schema = `focal_report_${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    lite = await openStore({});
    pg = await openStore({ databaseUrl: url!, schema }); // throws (fails the suite) when PostgreSQL is unreachable
    for (const store of [lite, pg]) {
      await attributionHistory().store(store, SITE);
      await experimentHistory().store(store, SITE);
      await anonymousEmailHistory().store(store, SITE);
    }
  });
  afterAll(async () => {
    await lite?.close();
    if (pg) {
      await pg.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pg.close();
    }
  });

  it.each([
    ['the whole range', {}],
    ['one placement', { placement: 'pdp-similar' }],
    ['the email placement', { placement: 'email-for-you' }],
    ['wide session window', { attribution: { sessionIdleMinutes: 60, emailWindowHours: 48 } }],
  ])('gives identical reports for %s', async (_name, extra) => {
    const query = { siteKey: SITE, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION, ...extra };
    const a = await buildReport(lite, query);
    const b = await buildReport(pg, query);
    expect(a.totals.orders).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});
