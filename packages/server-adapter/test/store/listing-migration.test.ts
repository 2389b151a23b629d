/**
 * Migration 0007 on a store that already holds products: each row is dated from the earliest moment the store can
 * vouch for it (its last import or its site's first event, whichever is older), so an adapter started after the
 * upgrade does not show the whole existing catalog as brand new.
 */
import { mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate } from '../../src/store/index.js';
import { makeEvent } from '../fixtures.js';
import { backends } from './backends.js';

describe.each(backends)('migration 0007 (listing times) on $name', (backend) => {
  it('dates the products stored before it from their last import or their site\'s first event, whichever is older', async () => {
    const before = mkdtempSync(join(tmpdir(), 'focal-mig-0006-'));
    cpSync(defaultMigrationsDir(), before, { recursive: true });
    rmSync(join(before, '0007_product_listing_times.sql'));
    const { store, drop } = await backend.open({ migrationsDir: before });
    try {
      const row = (site: string, id: string, updatedAt: string) => store.sql.query(
        `INSERT INTO products (site_key, id, data, in_stock, price, category, updated_at) VALUES ($1, $2, $3::jsonb, true, 10, 'Frames', $4)`,
        [site, id, JSON.stringify({ id, title: id, url: `/p/${id}`, price: 10, currency: 'EUR', categoryPath: ['Frames'], inStock: true }), updatedAt]);
      await row('pk_m1', 'REIMPORTED', '2026-06-01T00:00:00.000Z'); // in every daily feed: its updated_at is recent
      await row('pk_m1', 'UNTOUCHED', '2026-02-01T00:00:00.000Z'); // not imported since before the first event
      await row('pk_m2', 'NO-EVENTS', '2026-05-01T00:00:00.000Z');
      const first = new Date('2026-03-01T00:00:00.000Z');
      await store.events.insert('pk_m1', [makeEvent('page_view'), makeEvent('page_view')].map((event, i) => ({
        event, receivedAt: first, eventTime: new Date(first.getTime() + i * 86_400_000),
      })));

      expect(await migrate(store.sql)).toEqual(['0007_product_listing_times.sql']);
      const listed = async (site: string) => Object.fromEntries((await store.catalog.snapshot(site)).listings);
      expect(await listed('pk_m1')).toEqual({
        REIMPORTED: { listedAt: first.getTime() }, UNTOUCHED: { listedAt: Date.parse('2026-02-01T00:00:00.000Z') },
      });
      expect(await listed('pk_m2')).toEqual({ 'NO-EVENTS': { listedAt: Date.parse('2026-05-01T00:00:00.000Z') } });
    } finally {
      await drop();
      rmSync(before, { recursive: true, force: true });
    }
  }, 60_000);
});
