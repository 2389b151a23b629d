import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { loadLinkSecret } from '../../src/email/secret.js';
import { signLinkToken, verifyLinkToken } from '../../src/email/token.js';
import { clickEventId } from '../../src/email/click.js';
import { validateEvent } from '@focal/sdk-core/contracts';
import { emailClickEvent } from '../../src/email/click.js';

let store: Store;
beforeAll(async () => { store = await openStore(); });
afterAll(async () => store?.close());

describe('link secret', () => {
  it('without FOCAL_LINK_SECRET, generates one once and keeps it in the store', async () => {
    const [a, b] = await Promise.all([loadLinkSecret(store.sql, {}), loadLinkSecret(store.sql, {})]);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(40);
    expect(await loadLinkSecret(store.sql, {})).toBe(a);
  });

  it('uses FOCAL_LINK_SECRET when set and refuses a short one', async () => {
    expect(await loadLinkSecret(store.sql, { FOCAL_LINK_SECRET: 'x'.repeat(32) })).toBe('x'.repeat(32));
    await expect(loadLinkSecret(store.sql, { FOCAL_LINK_SECRET: 'short' })).rejects.toThrow('FOCAL_LINK_SECRET must be at least 32 characters');
  });
});

describe('link tokens', () => {
  const claims = { s: 'pk_site', d: 'https://shop.example/p/1', pid: 'P1', c: 'c', r: 'r', p: 'email-for-you', i: 2, u: 'u', e: 2_000_000_000 };
  const secret = 's'.repeat(32);

  it('round-trip, and fail on another secret, a changed byte or after expiry', () => {
    const token = signLinkToken(claims, secret);
    expect(verifyLinkToken(token, secret, Date.now())).toEqual({ ok: true, claims });
    expect(verifyLinkToken(token, 't'.repeat(32), Date.now())).toEqual({ ok: false, problem: 'bad_signature' });
    expect(verifyLinkToken(`x${token.slice(1)}`, secret, Date.now())).toMatchObject({ ok: false, problem: 'bad_signature' });
    expect(verifyLinkToken(token, secret, 2_000_000_000_000)).toMatchObject({ ok: false, problem: 'expired' });
    // Every other last character of the signature is refused, including those that decode to the same bytes.
    const sig = token.split('.')[1];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet.replace(sig.at(-1)!, '')) {
      expect(verifyLinkToken(`${token.slice(0, -1)}${c}`, secret, Date.now()).ok).toBe(false);
    }
  });

  it('click event ids are valid UUIDv7s, equal within a 10 s window and different across windows or tokens', () => {
    const t = 1_800_000_000_000;
    const id = clickEventId('tok', secret, t);
    expect(clickEventId('tok', secret, t + 500)).toBe(id);
    expect(clickEventId('tok', secret, t + 10_000)).not.toBe(id);
    expect(clickEventId('tok2', secret, t)).not.toBe(id);
    const event = emailClickEvent(claims, id, new Date(t));
    expect(validateEvent(event)).toMatchObject({ ok: true });
  });
});
