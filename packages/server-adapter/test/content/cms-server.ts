/**
 * A local stand-in for a CMS API on 127.0.0.1 (port 0) that answers with RECORDED response bodies
 * (`fixtures/*.json`), records every request, and can be switched to fail or hang.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | 'down' | 'hang';

export interface CmsServer {
  url: string;
  requests: { path: string; query: URLSearchParams; headers: IncomingMessage['headers'] }[];
  mode: Mode;
  /** Route handlers by pathname: return `[status, body, headers?]`. */
  routes: Map<string, (query: URLSearchParams) => [number, unknown, Record<string, string>?]>;
  close(): Promise<void>;
}

/** Reads a recorded response body. */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export async function startCmsServer(): Promise<CmsServer> {
  const hanging = new Set<ServerResponse>();
  const state: CmsServer = {
    url: '',
    requests: [],
    mode: 'ok',
    routes: new Map(),
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    state.requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    if (state.mode === 'hang') {
      hanging.add(res);
      return;
    }
    if (state.mode === 'down') {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Service Unavailable' }));
      return;
    }
    const route = state.routes.get(url.pathname);
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'The resource could not be found.' }));
      return;
    }
    const [status, body, headers] = route(url.searchParams);
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
