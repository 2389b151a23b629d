import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailCampaignsRepo } from '../../src/email/campaigns-repo.js';
import { defaultMigrationsDir, migrate, openStore, type Store } from '../../src/store/index.js';
import { BACKENDS } from './setup.js';

/** The kill switch table as stores made before it was per site hold it, migrated. */
describe.each(BACKENDS)('campaign kill switch store on $name', ({ databaseUrl }) => {
  let store: Store;
  let oldMigrations: string;
  const schema = `focal_test_${Math.random().toString(36).slice(2, 10)}`;
  beforeAll(async () => {
    // a store as it was before 0301: every migration up to 0300_email.sql
    oldMigrations = mkdtempSync(join(tmpdir(), 'focal-mig-'));
    cpSync(defaultMigrationsDir(), oldMigrations, { recursive: true });
    for (const file of readdirSync(oldMigrations)) if (Number(file.slice(0, 4)) > 300) rmSync(join(oldMigrations, file));
    store = await openStore({ migrationsDir: oldMigrations, ...(databaseUrl ? { databaseUrl, schema } : {}) });
  });
  afterAll(async () => {
    if (databaseUrl) await store?.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store?.close();
  });

  it('a kill made before the migration stays in force for every site; after it, a kill is one site\'s', async () => {
    await store.sql.query("INSERT INTO sites (site_key, name) VALUES ('pk_shop_a', 'A'), ('pk_shop_b', 'B')");
    await store.sql.query("INSERT INTO email_campaign_kills (campaign, expired_at) VALUES ('spring', '2026-03-01T10:00:00Z')");
    expect(await migrate(store.sql)).toContain('0301_email_campaign_kills_per_site.sql');
    const kills = emailCampaignsRepo(store.sql);
    expect(await kills.expiredAt('pk_shop_a', 'spring')).toBe('2026-03-01T10:00:00.000Z');
    expect(await kills.expiredAt('pk_shop_b', 'spring')).toBe('2026-03-01T10:00:00.000Z');
    expect(await kills.expire('pk_shop_a', 'newsletter')).toMatchObject({ siteKey: 'pk_shop_a', campaign: 'newsletter', already: false });
    expect(await kills.expiredAt('pk_shop_a', 'newsletter')).toBeDefined();
    expect(await kills.expiredAt('pk_shop_b', 'newsletter')).toBeUndefined();
    expect(await kills.expire('pk_shop_a', 'newsletter')).toMatchObject({ already: true });
    expect(await kills.expire('pk_shop_b', 'newsletter')).toMatchObject({ siteKey: 'pk_shop_b', already: false });
  });
});
