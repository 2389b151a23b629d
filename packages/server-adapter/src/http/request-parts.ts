import type { IncomingMessage } from 'node:http';

/** node:http requests behind the lazy `Request`s of `createNodeListener` (registered by the listener). */
const incomingOf = new WeakMap<Request, IncomingMessage>();
const queries = new WeakMap<Request, URLSearchParams>();

/** Remembers the node request behind `request`, so {@link headerOf} reads node's parsed headers. */
export function registerIncoming(request: Request, incoming: IncomingMessage): void {
  incomingOf.set(request, incoming);
}

/**
 * A request header (lower-case `name`), as `request.headers.get(name)` would give it (repeated headers joined with
 * `, `), or undefined. On node:http it reads the node request's headers, so a GET never builds a Fetch `Headers`.
 */
export function headerOf(request: Request, name: string): string | undefined {
  const incoming = incomingOf.get(request);
  if (!incoming) return request.headers.get(name) ?? undefined;
  const values = incoming.headersDistinct[name];
  return values === undefined ? undefined : values.length === 1 ? values[0] : values.join(', ');
}

/** The query parameters of a request's URL (parsed once per request). */
export function queryOf(request: Request): URLSearchParams {
  let query = queries.get(request);
  if (!query) {
    const url = request.url;
    const start = url.indexOf('?');
    const end = url.indexOf('#', start);
    query = new URLSearchParams(start < 0 ? '' : url.slice(start + 1, end < 0 ? undefined : end));
    queries.set(request, query);
  }
  return query;
}
