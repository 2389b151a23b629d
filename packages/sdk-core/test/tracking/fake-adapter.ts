/**
 * A stand-in for `POST /v1/events` in unit tests (msw): stores events by id (a repeat id is a `duplicate`),
 * answers the contract's `EventBatchResult`, and can be told to fail the next requests.
 * The browser suite (tests/browser/tracking*.browser.test.ts) runs against the real adapter instead.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { EventBatchResult } from '../../src/contracts/batch.js';

export const ENDPOINT = 'https://adapter.test';

export interface Received {
  at: number;
  ids: string[];
  siteKey: string | null;
  body: { events: Array<{ id: string; type: string; sentAt?: string; [k: string]: unknown }>; sentAt?: string; deadLettered?: number };
}

export function fakeAdapter() {
  const stored = new Map<string, unknown>();
  const requests: Received[] = [];
  const faults: Array<(ids: string[]) => Response | 'network' | undefined> = [];
  let rejectIds = new Set<string>();
  const server = setupServer(
    http.post(`${ENDPOINT}/v1/events`, async ({ request }) => {
      const body = JSON.parse(await request.text()) as Received['body'];
      const ids = body.events.map((e) => e.id);
      requests.push({ at: Date.now(), ids, siteKey: request.headers.get('x-focal-site-key'), body });
      const fault = faults.shift()?.(ids);
      if (fault === 'network') return HttpResponse.error();
      if (fault) return fault;
      const result: EventBatchResult = { accepted: 0, duplicates: 0, rejected: 0, results: [] };
      body.events.forEach((event, index) => {
        if (rejectIds.has(event.id)) {
          result.rejected++;
          result.results.push({ index, id: event.id, status: 'rejected', field: 'properties.productId', reason: 'unknown product' });
        } else if (stored.has(event.id)) {
          result.duplicates++;
          result.results.push({ index, id: event.id, status: 'duplicate' });
        } else {
          stored.set(event.id, event);
          result.accepted++;
          result.results.push({ index, id: event.id, status: 'accepted' });
        }
      });
      return HttpResponse.json(result);
    }),
  );
  return {
    server, stored, requests,
    /** The next requests fail this way, one fault per request. */
    fail(...next: Array<(ids: string[]) => Response | 'network' | undefined>) { faults.push(...next); },
    reject(ids: string[]) { rejectIds = new Set(ids); },
  };
}

/** Waits until `predicate` holds, polling every 10 ms, failing after `ms`. */
export async function until(predicate: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
