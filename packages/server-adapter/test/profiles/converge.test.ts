/**
 * A shopper's profile never misses a stored event, and never counts one twice: when the store fails after the events
 * were stored but before the profile update (the answer is 200: the events are stored), the profile catches up when
 * the device sends the batch again (its answer was lost: the events come back as duplicates), with the shopper's next
 * event, or with the minute's catch-up. The failure is a trigger on the profiles table that raises while a row of the
 * test's `profile_outage` table exists. PGlite, and PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { catchUpProfiles } from '../../src/profiles/service.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const url = process.env.DATABASE_URL;

for (const backend of ['pglite', ...(url ? ['postgres'] as const : [])] as const) {
  describe(`profiles converge on the stored events (${backend})`, () => {
    let adapter: TestAdapter;
    beforeAll(async () => {
      adapter = await startTestAdapter({ ...(backend === 'postgres' ? { databaseUrl: url } : {}), products: [makeProduct('FR-001'), makeProduct('FR-002')] });
      await adapter.sql.exec(`CREATE TABLE profile_outage (on_key text);
        CREATE FUNCTION profile_outage() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF EXISTS (SELECT 1 FROM profile_outage WHERE on_key = NEW.profile_key) THEN
              RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100';
            END IF;
            RETURN NEW;
          END $$;
        CREATE TRIGGER profile_outage BEFORE INSERT OR UPDATE ON profiles FOR EACH ROW EXECUTE FUNCTION profile_outage();`);
    });
    afterAll(async () => {
      await adapter?.close();
    });

    const send = async (events: FocalEvent[]) => {
      const response = await fetch(`${adapter.url}/v1/events`, {
        method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
      });
      return { status: response.status, body: await response.json() as { accepted: number; duplicates: number } };
    };
    const profile = async (anonymousId: string) => (await fetch(`${adapter.url}/v1/profiles/me`, {
      headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': anonymousId },
    }).then((r) => r.json())) as { recentViews: { productId: string }[]; cart: { productId: string; quantity: number }[] };
    /** Stores `events` while the profile of `anonymousId` cannot be written: the answer is 200, the profile unchanged. */
    const storeDuringOutage = async (anonymousId: string, events: FocalEvent[]) => {
      await adapter.sql.query('INSERT INTO profile_outage VALUES ($1)', [`a:${anonymousId}`]);
      try {
        expect(await send(events)).toMatchObject({ status: 200, body: { accepted: events.length } });
      } finally {
        await adapter.sql.query('DELETE FROM profile_outage');
      }
      expect((await profile(anonymousId)).cart).toEqual([]);
    };

    it('the device sends the batch again (its answer lost): the duplicates bring the profile up to date, counted once', async () => {
      const events = [makeEvent('add_to_cart', { anonymousId: 'resender' }), makeEvent('product_view', { anonymousId: 'resender', properties: { productId: 'FR-002' } })];
      await storeDuringOutage('resender', events);
      expect(await send(events)).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 2 } });
      // was: the profile never saw them (duplicates are skipped, and the update had failed)
      expect(await profile('resender')).toMatchObject({ cart: [{ productId: 'FR-001', quantity: 1 }], recentViews: [{ productId: 'FR-002' }] });
      // sent a third time, and caught up again: the cart still holds one (an event applied twice would make it 2)
      expect(await send(events)).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 2 } });
      await catchUpProfiles(adapter.store, undefined, { olderThanMs: 0 });
      expect((await profile('resender')).cart).toEqual([expect.objectContaining({ productId: 'FR-001', quantity: 1 })]);
    });

    it('the shopper\'s next event brings the events the failed update missed with it', async () => {
      await storeDuringOutage('next-event', [makeEvent('add_to_cart', { anonymousId: 'next-event' })]);
      await send([makeEvent('product_view', { anonymousId: 'next-event', properties: { productId: 'FR-002' } })]);
      // was: only the view (the add to cart was stored, never applied)
      expect(await profile('next-event')).toMatchObject({ cart: [{ productId: 'FR-001', quantity: 1 }], recentViews: [{ productId: 'FR-002' }] });
    });

    it('a shopper who sends nothing more is caught up by catchUpProfiles (run every minute), once', async () => {
      await storeDuringOutage('quiet', [makeEvent('add_to_cart', { anonymousId: 'quiet' })]);
      expect(await catchUpProfiles(adapter.store, undefined, { olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
      expect((await profile('quiet')).cart).toEqual([expect.objectContaining({ productId: 'FR-001', quantity: 1 })]);
      await catchUpProfiles(adapter.store, undefined, { olderThanMs: 0 });
      expect((await profile('quiet')).cart).toEqual([expect.objectContaining({ productId: 'FR-001', quantity: 1 })]);
      expect((await adapter.sql.query('SELECT id FROM profile_pending')).rows).toEqual([]);
    });

    it('refuses options that are not what it takes, naming them', async () => {
      await expect(catchUpProfiles(adapter.store, undefined, { olderThanMs: Number.NaN })).rejects.toThrow(/olderThanMs must be a number of milliseconds ≥ 0/);
      await expect(catchUpProfiles(adapter.store, undefined, { olderThanMs: -5 })).rejects.toThrow(/olderThanMs must be/);
      await expect(catchUpProfiles(adapter.store, undefined, { limit: 0 })).rejects.toThrow(/limit must be a whole number of profiles ≥ 1/);
      await expect(catchUpProfiles(adapter.store, undefined, { limit: 2.5 })).rejects.toThrow(/limit must be/);
    });
  });
}
