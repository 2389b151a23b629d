import type { IncomingMessage } from 'node:http';
import { INCOMING } from './request-parts.js';

const GlobalRequest = globalThis.Request;

/**
 * Request targets whose URL needs no normalising (what `new URL` would give back unchanged): a path and query made of
 * unreserved, sub-delim, `:`, `@`, `/`, `?` and `%` characters, without dot segments (`/.`) or encoded dots (`%2e`).
 */
const PLAIN_TARGET = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*$/;
const DOT = /\/\.|%2e/i;

/** Host headers already checked: whether `scheme://host` is canonical (what `new URL` gives back unchanged). */
const hosts = new Map<string, boolean>();

function canonicalHost(origin: string): boolean {
  let ok = hosts.get(origin);
  if (ok === undefined) {
    try {
      ok = new URL(origin).origin === origin;
    } catch {
      ok = false;
    }
    if (hosts.size >= 1000) hosts.clear();
    hosts.set(origin, ok);
  }
  return ok;
}

/**
 * The absolute URL of a GET when it can be built by concatenation (plain target, canonical host), else undefined:
 * such requests then go through @hono/node-server, which parses and checks them.
 */
export function plainGetUrl(incoming: IncomingMessage): string | undefined {
  if (incoming.method !== 'GET') return undefined;
  const target = incoming.url ?? '';
  const host = incoming.headers.host;
  if (!host || !PLAIN_TARGET.test(target) || DOT.test(target)) return undefined;
  const origin = `${(incoming.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http'}://${host}`;
  return canonicalHost(origin) ? origin + target : undefined;
}

const urlKey = Symbol('url');
const headersKey = Symbol('headers');
const realKey = Symbol('real');

interface LazyGet {
  [INCOMING]: IncomingMessage;
  [urlKey]: string;
  [headersKey]?: Headers;
  [realKey]?: Request;
}

/**
 * The `Request` of a GET from node:http, built lazily: `method` and `url` are plain values, `headers` is built on first
 * read, and anything else (`signal`, `clone()`, ...) builds the real `Request` then. `instanceof Request` holds.
 */
export function lazyGetRequest(incoming: IncomingMessage, url: string): Request {
  const request = Object.create(prototype) as LazyGet;
  request[INCOMING] = incoming;
  request[urlKey] = url;
  return request as unknown as Request;
}

function headersOf(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.charCodeAt(0) !== 58 /* : */) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

function real(request: LazyGet): Request {
  return (request[realKey] ??= new GlobalRequest(request[urlKey], { method: 'GET', headers: request[headersKey] ?? headersOf(request[INCOMING]) }));
}

const prototype: object = {
  get method() {
    return 'GET';
  },
  get url() {
    return (this as LazyGet)[urlKey];
  },
  get headers() {
    const request = this as LazyGet;
    return (request[headersKey] ??= request[realKey]?.headers ?? headersOf(request[INCOMING]));
  },
};
for (const name of ['body', 'bodyUsed', 'cache', 'credentials', 'destination', 'duplex', 'integrity', 'keepalive', 'mode', 'redirect',
  'referrer', 'referrerPolicy', 'signal'] as const) {
  Object.defineProperty(prototype, name, { get(this: LazyGet) { return (real(this) as unknown as Record<string, unknown>)[name]; } });
}
for (const name of ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text'] as const) {
  if (!(name in GlobalRequest.prototype)) continue;
  Object.defineProperty(prototype, name, {
    value(this: LazyGet) {
      const request = real(this) as unknown as Record<string, () => unknown>;
      return request[name]!.call(request);
    },
  });
}
Object.setPrototypeOf(prototype, GlobalRequest.prototype);
