import { describe, expect, it } from 'vitest';
import { withFlushLock } from '../../src/tracking/tab-lock.js';
import { memoryKv } from '../../src/identity/kv.js';
import { fakeLocks } from './tabs.js';

describe('cross-tab flush lock', () => {
  it('lets one tab flush at a time', async () => {
    const locks = fakeLocks();
    const kv = memoryKv();
    let release!: () => void;
    const first = withFlushLock('focal:pk', 10_000, kv, () => new Promise<void>((r) => { release = r; }), locks);
    let ranSecond = false;
    expect(await withFlushLock('focal:pk', 10_000, kv, async () => { ranSecond = true; }, locks)).toBe(false);
    expect(ranSecond).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await withFlushLock('focal:pk', 10_000, kv, async () => { ranSecond = true; }, locks)).toBe(true);
    expect(ranSecond).toBe(true);
  });

  it('takes over from a stuck tab once its 10 s lease has expired, and the stuck tab stops', async () => {
    const locks = fakeLocks();
    const kv = memoryKv(); // stands for localStorage shared by the tabs
    let stuckHeld!: () => boolean;
    void withFlushLock('focal:pk', 10_000, kv, (held) => { held(); stuckHeld = held; return new Promise<void>(() => {}); }, locks);
    expect(await withFlushLock('focal:pk', 10_000, kv, async () => {}, locks)).toBe(false); // lease still fresh
    kv.set('focal:pk.lease', String(Date.now() - 1)); // 10 s later
    let tookOver = false;
    expect(await withFlushLock('focal:pk', 10_000, kv, async () => { tookOver = true; }, locks)).toBe(true);
    expect(tookOver).toBe(true);
    await Promise.resolve();
    expect(stuckHeld()).toBe(false);
  });
});
