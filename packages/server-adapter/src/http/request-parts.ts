import type { IncomingMessage } from 'node:http';

/** node:http requests behind the `Request`s of `createNodeListener` (registered by the listener). */
const incomingOf = new WeakMap<Request, IncomingMessage>();
const queries = new WeakMap<Request, URLSearchParams>();

/** Where the listener's own lazy GET requests keep their node request (read without a WeakMap lookup). */
export const INCOMING = Symbol('incoming');

/** Remembers the node request behind `request`, so {@link headerOf} reads node's parsed headers. */
export function registerIncoming(request: Request, incoming: IncomingMessage): void {
  incomingOf.set(request, incoming);
}

/**
 * Headers node:http keeps only the first of when repeated (its `headers` object), where a Fetch `Headers` joins them:
 * read from `headersDistinct` when repeated.
 */
const FIRST_ONLY = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent']);

/**
 * A request header (lower-case `name`), as `request.headers.get(name)` would give it (repeated headers joined with
 * `, `), or undefined. On node:http it reads the node request's headers, so a GET never builds a Fetch `Headers`.
 */
export function headerOf(request: Request, name: string): string | undefined {
  const incoming = (request as { [INCOMING]?: IncomingMessage })[INCOMING] ?? incomingOf.get(request);
  if (!incoming) return request.headers.get(name) ?? undefined;
  const value = incoming.headers[name];
  if (value === undefined || (typeof value === 'string' && !FIRST_ONLY.has(name) && name !== 'cookie')) return value;
  const values = incoming.headersDistinct[name]!;
  return values.length === 1 ? values[0] : values.join(', ');
}

/** Where the listener's own lazy GET requests keep their parsed query. */
const QUERY = Symbol('query');

/** The query parameters of a request's URL (parsed once per request). */
export function queryOf(request: Request): URLSearchParams {
  const own = request as { [INCOMING]?: IncomingMessage; [QUERY]?: URLSearchParams };
  if (own[INCOMING]) return (own[QUERY] ??= parseQuery(request.url));
  let query = queries.get(request);
  if (!query) queries.set(request, (query = parseQuery(request.url)));
  return query;
}

function parseQuery(url: string): URLSearchParams {
  const start = url.indexOf('?');
  const end = url.indexOf('#', start);
  return new URLSearchParams(start < 0 ? '' : url.slice(start + 1, end < 0 ? undefined : end));
}
