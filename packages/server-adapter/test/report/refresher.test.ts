/** The background refresh after ingest: at most once per interval and site, one at a time in all, failures reported. */
import { describe, expect, it } from 'vitest';
import { ingestRefresher } from '../../src/report/routes.js';

describe('ingestRefresher', () => {
  it('refreshes a site once its interval has passed since the start or its last refresh, never two at once', async () => {
    let now = 1_000;
    const calls: string[] = [];
    const pending: (() => void)[] = [];
    const listener = ingestRefresher((site) => {
      calls.push(site);
      return new Promise<void>((resolve) => pending.push(resolve));
    }, () => undefined, 60_000, () => now);
    listener([{ siteKey: 'a' }]);
    expect(calls).toEqual([]);
    now += 60_000;
    listener([{ siteKey: 'a' }, { siteKey: 'b' }, { siteKey: 'a' }]);
    expect(calls).toEqual(['a']); // one refresh at a time: b waits for its next ingest
    now += 120_000;
    listener([{ siteKey: 'a' }, { siteKey: 'b' }]);
    expect(calls).toEqual(['a']); // a's refresh is still running
    pending.splice(0).forEach((resolve) => resolve());
    await new Promise((r) => setTimeout(r, 0));
    listener([{ siteKey: 'b' }, { siteKey: 'a' }]);
    expect(calls).toEqual(['a', 'b']);
    pending.splice(0).forEach((resolve) => resolve());
    await new Promise((r) => setTimeout(r, 0));
    listener([{ siteKey: 'a' }]);
    expect(calls).toEqual(['a', 'b', 'a']);
    now += 30_000;
    pending.splice(0).forEach((resolve) => resolve());
    await new Promise((r) => setTimeout(r, 0));
    listener([{ siteKey: 'a' }]);
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('reports a failed refresh with its site and keeps going', async () => {
    let now = 0;
    const errors: string[] = [];
    const listener = ingestRefresher(async () => { throw new Error('store closed'); }, (site, error) => errors.push(`${site}: ${error.message}`), 10, () => now);
    now = 10;
    listener([{ siteKey: 's' }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toEqual(['s: store closed']);
    now = 20;
    listener([{ siteKey: 's' }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toHaveLength(2);
  });
});
