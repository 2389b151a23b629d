import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import type { Metrics } from '../observability/metrics.js';
import { PAGE_HEADERS, renderLogin } from '../report/dashboard/page.js';
import type { AppEnv } from './context.js';

/** How many wrong admin keys a client address may send per window before it has to wait for the window's end. */
export interface LoginLimit {
  /** Wrong keys allowed per window. @default 5 */
  maxFailures: number;
  /** Window length, from the first wrong key. @default 900 (15 minutes) */
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginLimit = { maxFailures: 5, windowSeconds: 900 };

/** Client addresses remembered at most (the oldest windows are dropped first). */
const MAX_ADDRESSES = 10_000;

/** Wrong admin keys per client address, shared by every door that takes the key (dashboard login, Bearer API). */
export interface WrongKeys {
  /** Seconds the address must still wait, or undefined when it may try. */
  retryAfter(ip: string): number | undefined;
  /** Counts a wrong key from the address. */
  fail(ip: string): void;
  /** Forgets the address's wrong keys (it showed the right one). */
  clear(ip: string): void;
}

/** The eight 16-bit groups of a valid IPv6 address (`isIP(address) === 6`), an embedded IPv4 tail included. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - front.length - back.length).fill('0');
  return [...front, ...zeros, ...back].map((group) => parseInt(group, 16));
}

/**
 * What one client holds of an address, as wrong admin keys count it: an IPv4 address as it is (also written as an
 * IPv4-mapped IPv6 address, `::ffff:203.0.113.7`, as a dual-stack socket reports it), an IPv6 address by its /64
 * network (`2001:db8:1:2::/64`: a subscriber gets at least a /64 and can send from any of its 2^64 addresses, each a
 * fresh allowance if counted alone), without the port a proxy may append to X-Forwarded-For (`203.0.113.7:51234`,
 * `[2001:db8::1]:51234`: a new port per connection) or a zone (`fe80::1%eth0`). Anything else is kept as it is.
 */
export function addressGroup(ip: string): string {
  let address = ip.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/%.*$/, '');
  if (isIP(address) !== 6) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/**
 * Counts wrong keys per client (address, an IPv6 one by its /64: see {@link addressGroup}) in windows starting at the
 * first wrong key; past `maxFailures`, the client waits.
 */
export function wrongKeyCounter(limit: LoginLimit = DEFAULT_LOGIN_LIMIT, now: () => number = Date.now): WrongKeys {
  const windowMs = limit.windowSeconds * 1000;
  const failures = new Map<string, { count: number; start: number }>();
  const current = (ip: string, t: number) => {
    const entry = failures.get(ip);
    if (entry && t - entry.start >= windowMs) {
      failures.delete(ip);
      return undefined;
    }
    return entry;
  };
  return {
    retryAfter(address) {
      const ip = addressGroup(address);
      const t = now();
      const entry = current(ip, t);
      return entry && entry.count >= limit.maxFailures ? Math.max(1, Math.ceil((entry.start + windowMs - t) / 1000)) : undefined;
    },
    fail(address) {
      const ip = addressGroup(address);
      const t = now();
      const known = current(ip, t);
      if (known) {
        known.count++;
      } else {
        if (failures.size >= MAX_ADDRESSES) failures.delete(failures.keys().next().value!);
        failures.set(ip, { count: 1, start: t });
      }
    },
    clear(address) {
      failures.delete(addressGroup(address));
    },
  };
}

/**
 * Guards `POST /admin/login` against guessing the admin key: each answer 401 (wrong key) counts a failure for the
 * client address (`clientIp`, see `trustProxy`); past `maxFailures` in a window the address gets 429 with `Retry-After`
 * and the login form saying how long to wait, whatever key it sends, until the window ends. A successful login (303)
 * clears the address's failures. Counts are per process, shared with the Bearer admin routes when `keys` is the
 * adapter's (`ctx.auth.wrongAdminKeys`).
 */
export function loginGuard(metrics: Metrics, limit: LoginLimit = DEFAULT_LOGIN_LIMIT, now: () => number = Date.now,
  keys: WrongKeys = wrongKeyCounter(limit, now)): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ip = c.get('clientIp') ?? 'unknown';
    const retryAfter = keys.retryAfter(ip);
    if (retryAfter !== undefined) {
      metrics.rateLimited.inc({ route: '/admin/login' });
      const wait = retryAfter >= 120 ? `${Math.ceil(retryAfter / 60)} minutes` : `${retryAfter} seconds`;
      return new Response(renderLogin(`Too many wrong admin keys from your address: try again in ${wait}.`), {
        status: 429, headers: { ...PAGE_HEADERS, 'retry-after': String(retryAfter) },
      });
    }
    await next();
    const status = c.res.status;
    if (status === 303) keys.clear(ip);
    else if (status === 401) keys.fail(ip);
  };
}
