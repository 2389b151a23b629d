/**
 * Pipeline health through the real adapter: `POST /v1/events` records rejected events by reason and field (never the
 * payload), whole requests refused, duplicates, and the SDK's `deadLettered` count, per site and UTC day; the report's
 * pipeline section and the dashboard show them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { healthField, healthReason } from '../../src/ingest/health.js';
import type { Report } from '../../src/report/build.js';
import { renderDashboard } from '../../src/report/dashboard/page.js';
import { makeEvent } from '../fixtures.js';

describe('healthReason and healthField', () => {
  it('keep the contract sentence but drop the values the client sent', () => {
    expect(healthReason('type must be one of page_view, purchase; got "secret-thing"', 'type')).toBe('unknown event type');
    expect(healthReason('properties.quantity must be number, got string', 'properties.quantity')).toBe('must be number, got string');
    expect(healthReason('properties.email looks like an email address; personal data must not be sent', 'properties.email')).toBe('looks like an email address (personal data)');
    expect(healthReason('event is 40213 bytes; the limit is 32768 bytes. Send fewer', '(root)')).toBe('event over the size limit');
    expect(healthReason('properties has unknown key(s): ssn, dob', 'properties')).toBe('has unknown keys');
    expect(healthReason('x must be "a" or \'b\', saw "ann@example.com"')).not.toContain('ann@');
    expect(healthField('events.4.properties.lineItems.12.price')).toBe('properties.lineItems.*.price');
    expect(healthField('(root)')).toBe('');
  });
});

describe('pipeline health recorded by POST /v1/events (real adapter)', () => {
  let adapter: TestAdapter;
  let report: Report;
  const post = (body: string | object) => fetch(`${adapter.url}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  // The counts are per UTC day of receipt: the posts run at noon of a fixed day (the adapter runs in this process), so a
  // run at 23:59:59 UTC does not split them over two days and the report of `today` does not miss some.
  const today = '2026-11-24';

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(`${today}T12:00:00Z`), shouldAdvanceTime: true });
    adapter = await startTestAdapter();
    const good = makeEvent('page_view');
    const badQuantity = (i: number) => ({ ...makeEvent('add_to_cart'), properties: { productId: `P${i}`, quantity: 'two-secret' } });
    const pii = makeEvent('custom', { properties: { name: 'signup', properties: { email: 'ann@example.com' } } });
    const unknownType = { ...makeEvent('page_view'), type: 'very-secret-type' };
    expect((await post({ events: [good, badQuantity(1), badQuantity(2), pii, unknownType], deadLettered: 4 })).status).toBe(200);
    expect((await post({ events: [good, makeEvent('product_view')], deadLettered: 3 })).status).toBe(200); // 1 duplicate
    expect((await post({ events: [good, badQuantity(3)] })).status).toBe(200); // 1 duplicate, 1 rejected
    expect((await post('{"events": [ not json')).status).toBe(400);
    expect((await post({ events: [] })).status).toBe(400);
    const response = await fetch(`${adapter.url}/v1/admin/report?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${adapter.adminKey}` } });
    expect(response.status).toBe(200);
    report = (await response.json()) as Report;
  });
  afterAll(async () => {
    await adapter?.close();
    vi.useRealTimers();
  });

  it('counts rejected events, whole requests, duplicates and dead-lettered events of the day', () => {
    expect(report.pipeline.ingest).toMatchObject({ days: { from: today, to: today }, rejected: 5, batchesRejected: 2, duplicates: 2, deadLettered: 7 });
    expect(report.pipeline.ingest.byDay).toEqual([{ day: today, rejected: 5, batchesRejected: 2, duplicates: 2, deadLettered: 7 }]);
  });

  it('lists the reasons, most frequent first, with their fields', () => {
    expect(report.pipeline.ingest.topReasons[0]).toEqual({ scope: 'event', reason: 'must be number, got string', field: 'properties.quantity', count: 3 });
    expect(report.pipeline.ingest.topReasons).toEqual(expect.arrayContaining([
      { scope: 'event', reason: 'looks like an email address (personal data)', field: 'properties.properties.email', count: 1 },
      { scope: 'event', reason: 'unknown event type', field: 'type', count: 1 },
      { scope: 'batch', reason: 'body is not JSON', field: '', count: 1 },
      { scope: 'batch', reason: 'not an event batch: must have at least 1 item(s)', field: 'events', count: 1 },
    ]));
  });

  it('never stores the bad payload', async () => {
    const rows = JSON.stringify((await adapter.sql.query('SELECT * FROM ingest_health')).rows);
    for (const secret of ['two-secret', 'ann@example.com', 'very-secret-type', 'not json']) expect(rows).not.toContain(secret);
  });

  it('shows the counts and the top reasons on the dashboard', () => {
    const html = renderDashboard(report);
    expect(html).toContain('Dead-lettered, reported by SDKs</dt><dd>7');
    expect(html).toContain('Duplicates refused (sent again)</dt><dd>2');
    expect(html).toMatch(/Top rejection reasons.*must be number, got string.*properties\.quantity/s);
  });

  it('keeps other sites and other days apart', async () => {
    const response = await fetch(`${adapter.url}/v1/admin/report?from=2025-01-01&to=2025-01-02`, { headers: { authorization: `Bearer ${adapter.adminKey}` } });
    const old = (await response.json()) as Report;
    expect(old.pipeline.ingest).toMatchObject({ rejected: 0, duplicates: 0, deadLettered: 0, topReasons: [] });
  });
});
