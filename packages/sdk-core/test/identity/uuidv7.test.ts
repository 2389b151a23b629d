import { afterEach, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../src/identity/uuidv7.js';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7 (the idempotency key of every event)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is an RFC 9562 version 7 UUID carrying the creation time', () => {
    const before = Date.now();
    const id = uuidv7();
    expect(id).toMatch(FORMAT);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });

  it('10,000 ids (many random-byte refills) are distinct, well formed and sort in creation order', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !FORMAT.test(id))).toEqual([]);
    expect([...ids].sort()).toEqual(ids);
  });

  it('ids made within one millisecond keep their order, also past the 12-bit counter', () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2030, 0, 1));
    const ids = Array.from({ length: 5_000 }, () => uuidv7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('its random part differs between ids', () => {
    const tails = new Set(Array.from({ length: 1_000 }, () => uuidv7().slice(-12)));
    expect(tails.size).toBe(1_000);
  });
});
