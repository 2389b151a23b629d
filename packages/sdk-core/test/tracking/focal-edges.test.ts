import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../src/contracts/validate.js';
import { MAX_EVENT_BYTES } from '../../src/contracts/limits.js';
import { focalHarness } from './focal-harness.js';

const { adapter, make, newDb } = focalHarness('focal-edges', { flushInterval: 60_000, retry: { baseMs: 20 } });

describe('the 32 kB limit', () => {
  it('an event track() accepts is one the adapter accepts: the sentAt stamped on each attempt fits the limit', async () => {
    const focal = make({ storage: newDb() });
    const sized = (pad: string) => ({ name: 'sized', properties: { pad } });
    // the envelope's size does not depend on the pad: measure it once
    const probe = await focal.track('custom', sized(''));
    await focal.flush();
    const envelope = JSON.stringify(adapter.stored.get(probe!)).length - `,"sentAt":"${new Date().toISOString()}"`.length;
    for (const [unit, bytes] of [['x', 1], ['é', 2], ['€', 3]] as const) {
      for (const total of [MAX_EVENT_BYTES - 40, MAX_EVENT_BYTES - 1, MAX_EVENT_BYTES]) {
        const room = total - envelope;
        const pad = unit.repeat(Math.floor(room / bytes)) + 'x'.repeat(room % bytes);
        let id: string | null = null;
        try {
          id = await focal.track('custom', sized(pad));
        } catch (e) {
          expect((e as Error).message).toMatch(/the limit is/);
          expect(total, 'an event with room for its sentAt is taken').toBeGreaterThan(MAX_EVENT_BYTES - 40);
          continue;
        }
        await focal.flush();
        const sent = adapter.requests.flatMap((r) => r.body.events).find((e) => e.id === id)!;
        const verdict = validateEvent(sent); // what the adapter checks, sentAt included
        expect(verdict.ok ? 'ok' : verdict.problems[0].message, `${total} bytes of ${unit}`).toBe('ok');
      }
    }
  });
});
