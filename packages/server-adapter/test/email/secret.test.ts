import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { loadLinkSecret } from '../../src/email/secret.js';
import { createFocalHandler } from '../../src/http/handler.js';
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
    await expect(loadLinkSecret(store.sql, { FOCAL_LINK_SECRET: 'short' })).rejects.toThrow('FOCAL_LINK_SECRET: must be at least 32 characters');
  });

  afterEach(() => { vi.unstubAllEnvs(); });
  it('a short FOCAL_LINK_SECRET stops the adapter at start, naming it (not a 500 on every email and click later)', async () => {
    vi.stubEnv('REDIS_URL', '');
    vi.stubEnv('FOCAL_LINK_SECRET', 'too-short-a-secret');
    expect(() => createFocalHandler({ store, config: { log: 'silent' } })).toThrow(/invalid configuration:\n {2}- FOCAL_LINK_SECRET: must be at least 32 characters/);
    vi.stubEnv('FOCAL_LINK_SECRET', 'x'.repeat(32));
    const handler = createFocalHandler({ store, config: { log: 'silent' } });
    await handler.close();
  });
});

describe('link tokens', () => {
  const claims = { s: 'pk_site', d: 'https://shop.example/p/1', pid: 'P1', c: 'c', r: 'r', p: 'email-for-you', i: 2, u: 'u', e: 2_000_000_000 };
  const secret = 's'.repeat(32);

  it('round-trip, and fail on another secret, a changed byte or after expiry', async () => {
    const token = await signLinkToken(claims, secret);
    expect(await verifyLinkToken(token, secret, Date.now())).toEqual({ ok: true, claims });
    expect(await verifyLinkToken(token, 't'.repeat(32), Date.now())).toEqual({ ok: false, problem: 'bad_signature' });
    // a changed first character (never the one it already is: a token starting with 'x' once made this check pass unchanged)
    const otherFirst = token[0] === 'x' ? 'y' : 'x';
    expect(await verifyLinkToken(`${otherFirst}${token.slice(1)}`, secret, Date.now())).toMatchObject({ ok: false, problem: 'bad_signature' });
    expect(await verifyLinkToken(token, secret, 2_000_000_000_000)).toMatchObject({ ok: false, problem: 'expired' });
    // Every other last character of the signature is refused, including those that decode to the same bytes.
    const sig = token.split('.')[1];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet.replace(sig.at(-1)!, '')) {
      expect((await verifyLinkToken(`${token.slice(0, -1)}${c}`, secret, Date.now())).ok).toBe(false);
    }
  });

  it('a token does not reveal the shopper (an e-mail address as user id) nor where it leads, and no byte of it can be changed', async () => {
    const mine = { ...claims, u: 'jane.doe@example.com', d: 'https://shop.example/p/secret-sale' };
    const token = await signLinkToken(mine, secret);
    // however the link is cut and decoded, neither the address nor the destination shows
    const decodings = [token, ...token.split(/[._-]/), ...Array.from({ length: 4 }, (_, i) => token.slice(i).split('.')[0])]
      .flatMap((part) => [part, Buffer.from(part, 'base64url').toString('latin1'), Buffer.from(part, 'base64').toString('latin1')]);
    for (const text of decodings) {
      expect(text).not.toContain('jane.doe');
      expect(text).not.toContain('example.com');
      expect(text).not.toContain('secret-sale');
    }
    expect(await signLinkToken(mine, secret)).not.toBe(token); // and two emails to her do not share a token
    expect(await verifyLinkToken(token, secret, Date.now())).toEqual({ ok: true, claims: mine });
    const [body, tag] = token.split('.');
    for (const at of [0, 15, 16, 40, body.length - 2]) {
      const changed = body.slice(0, at) + (body[at] === 'A' ? 'B' : 'A') + body.slice(at + 1);
      expect(await verifyLinkToken(`${changed}.${tag}`, secret, Date.now()), `byte at ${at}`).toEqual({ ok: false, problem: 'bad_signature' });
    }
  });

  it('a link made before tokens were encrypted (signed base64url JSON) keeps working until it expires; a changed one does not', async () => {
    const legacy = (c: object, key = secret) => {
      const body = Buffer.from(JSON.stringify(c)).toString('base64url');
      return `${body}.${createHmac('sha256', key).update(`focal-link\n${body}`).digest().subarray(0, 16).toString('base64url')}`;
    };
    expect(await verifyLinkToken(legacy(claims), secret, Date.now())).toEqual({ ok: true, claims });
    expect(await verifyLinkToken(legacy(claims), secret, 2_000_000_000_000)).toMatchObject({ ok: false, problem: 'expired' });
    expect(await verifyLinkToken(legacy(claims, 't'.repeat(32)), secret, Date.now())).toEqual({ ok: false, problem: 'bad_signature' });
    const forged = `${Buffer.from(JSON.stringify({ ...claims, d: 'https://evil.example/' })).toString('base64url')}.${legacy(claims).split('.')[1]}`;
    expect(await verifyLinkToken(forged, secret, Date.now())).toEqual({ ok: false, problem: 'bad_signature' });
  });

  it('click event ids are valid UUIDv7s, equal within a 10 s window and different across windows or tokens', () => {
    const t = 1_800_000_000_000;
    const id = clickEventId('tok', secret, t);
    expect(clickEventId('tok', secret, t + 500)).toBe(id);
    expect(clickEventId('tok', secret, t + 10_000)).not.toBe(id);
    expect(clickEventId('tok2', secret, t)).not.toBe(id);
    const event = emailClickEvent(claims, id, new Date(t));
    expect(validateEvent(event)).toMatchObject({ ok: true });
    const anonymous = emailClickEvent({ ...claims, u: 'anon-1', k: 'a' }, id, new Date(t));
    expect(validateEvent(anonymous)).toMatchObject({ ok: true });
    expect([anonymous.anonymousId, anonymous.userId]).toEqual(['anon-1', undefined]);
  });
});
