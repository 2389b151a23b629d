/** `close({ graceMs })` of the adapter and its handler: a grace that is not a number of milliseconds ≥ 0 is refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';

describe('close({ graceMs })', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter();
  });
  afterAll(async () => {
    await adapter?.close();
  });

  it('refuses a grace that is not a number of milliseconds ≥ 0, naming it, and closes nothing', async () => {
    for (const graceMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5s']) {
      await expect(adapter.adapter.close({ graceMs: graceMs as number })).rejects.toThrow(/close: graceMs must be the milliseconds to wait .* a number ≥ 0/);
    }
    // the store is still open: the adapter still answers
    const response = await fetch(`${adapter.url}/healthz`);
    expect(response.status).toBe(200);
  });
});
