import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { byteLength, LightResponse } from './light-response.js';
import { lazyGetRequest, plainGetUrl } from './node-get.js';
import { registerIncoming } from './request-parts.js';

type FetchHandler = (request: Request, env?: unknown) => Promise<Response>;

/** Tells @hono/node-server that the answer was already written (its `RESPONSE_ALREADY_SENT`); never consumed. */
const ALREADY_SENT = new Response(null, { headers: { 'x-hono-already-sent': 'true' } });

type Env = { incoming?: IncomingMessage; outgoing?: ServerResponse };

/** Writes an untouched {@link LightResponse} in one write; false when it must go out as a Fetch `Response`. */
function writeLight(response: LightResponse, outgoing: ServerResponse | undefined): boolean {
  const plain = response.plain();
  if (!plain || !outgoing || outgoing.headersSent) return false;
  const { content } = plain;
  outgoing.writeHead(plain.status, { ...plain.headers, 'content-length': byteLength(content) });
  if (typeof content === 'string' || content instanceof Uint8Array) {
    outgoing.end(content);
  } else {
    // Pieces go out in one write (end() uncorks).
    outgoing.cork();
    for (let i = 0; i < content.length - 1; i++) outgoing.write(content[i]);
    outgoing.end(content[content.length - 1]);
  }
  return true;
}

/**
 * A `node:http` request listener running the handler: `createServer(createNodeListener(handler))`.
 * - A GET with a plain target (see `plainGetUrl`) reaches the handler as a lazy `Request` (method and URL as strings,
 *   headers built only if read; routes read them from node's request with `headerOf`), others as @hono/node-server's.
 * - A {@link LightResponse} (the hot JSON answers) is written to the socket in one piece; other responses are written
 *   by @hono/node-server (streams, 500 on a handler that throws).
 * The global `Request`/`Response` are left alone.
 */
export function createNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const run = async (request: Request, env: Env): Promise<Response> => {
    if (env?.incoming) registerIncoming(request, env.incoming);
    const response = await handler(request, env);
    if (!(response instanceof LightResponse)) return response;
    return writeLight(response, env?.outgoing) ? ALREADY_SENT : response.real();
  };
  const general = getRequestListener(run as never, { overrideGlobalObjects: false });
  // Writes responses of the GET path that are not light (errors, streams) the way @hono/node-server does.
  const answered = new WeakMap<IncomingMessage, Response | Promise<Response>>();
  const writer = getRequestListener(((_request: Request, env: Env) => answered.get(env.incoming!)!) as never, { overrideGlobalObjects: false });

  return async (incoming, outgoing) => {
    const url = plainGetUrl(incoming);
    if (url === undefined) return general(incoming, outgoing);
    const request = lazyGetRequest(incoming, url);
    let response: Response;
    try {
      response = await handler(request, { incoming, outgoing });
      if (response instanceof LightResponse) {
        if (writeLight(response, outgoing)) return;
        response = response.real();
      }
    } catch (error) {
      answered.set(incoming, Promise.reject(error));
      return writer(incoming, outgoing);
    }
    answered.set(incoming, response);
    return writer(incoming, outgoing);
  };
}

/** Path prefixes the Express/Connect middleware hands to Focal; everything else goes to `next()`. */
export const FOCAL_PATHS = ['/v1/', '/healthz', '/metrics', '/assets/', '/r/'];

/**
 * Express/Connect middleware: `app.use(focalMiddleware(handler))`, or under a prefix:
 * `app.use('/focal', focalMiddleware(handler))`. Best mounted before body parsers; when one already consumed the body
 * (`req.body` set), it is re-serialised (Buffer/string as is, objects as JSON) so Focal still sees it.
 */
export function focalMiddleware(handler: FetchHandler, options: { paths?: string[] } = {}) {
  const listener = createNodeListener(handler);
  const paths = options.paths ?? FOCAL_PATHS;
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!paths.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))) {
      next();
      return;
    }
    const parsed = (req as IncomingMessage & { body?: unknown; rawBody?: unknown }).body;
    if (parsed !== undefined && req.readableEnded && !(req as { rawBody?: unknown }).rawBody) {
      (req as { rawBody?: Buffer }).rawBody = Buffer.isBuffer(parsed) ? parsed : Buffer.from(typeof parsed === 'string' ? parsed : JSON.stringify(parsed));
    }
    listener(req, res).catch(next);
  };
}

/** A running node:http server. */
export interface RunningServer {
  server: Server;
  /** `http://host:port` */
  url: string;
  port: number;
  /**
   * Stops accepting connections, closes idle keep-alive connections at once and lets requests in flight finish (their
   * connections then close) for up to `graceMs` (default 10 s), after which the connections left are cut.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Listens on `host:port` (port 0 = any free port) and resolves once listening. */
export async function listen(handler: FetchHandler, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const listener = createNodeListener(handler);
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  const server = createServer((incoming, outgoing) => {
    if (closing) outgoing.shouldKeepAlive = false;
    inFlight.add(outgoing);
    outgoing.once('close', () => {
      inFlight.delete(outgoing);
      // a keep-alive connection whose last request just finished: close it rather than wait for its idle timeout
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    return listener(incoming, outgoing);
  });
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port,
    url: `http://${shown}:${port}`,
    close: ({ graceMs = 10_000 } = {}) => new Promise<void>((resolve) => {
      closing = true;
      // answers still to be written go out with `Connection: close`
      for (const outgoing of inFlight) if (!outgoing.headersSent) outgoing.shouldKeepAlive = false;
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      server.closeIdleConnections();
      if (graceMs <= 0) server.closeAllConnections();
    }),
  };
}
