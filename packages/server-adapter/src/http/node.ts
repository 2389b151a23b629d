import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { LightResponse } from './light-response.js';
import { registerIncoming } from './request-parts.js';

type FetchHandler = (request: Request, env?: unknown) => Promise<Response>;

/** Tells @hono/node-server that the answer was already written (its `RESPONSE_ALREADY_SENT`); never consumed. */
const ALREADY_SENT = new Response(null, { headers: { 'x-hono-already-sent': 'true' } });

/**
 * A `node:http` request listener running the handler: `createServer(createNodeListener(handler))`. Requests reach
 * the handler as @hono/node-server's lazy `Request` (headers and body built only when read); a {@link LightResponse}
 * (the hot JSON answers) is written to the socket in one piece, other responses go through @hono/node-server.
 * The global `Request`/`Response` are left alone.
 */
export function createNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const run = async (request: Request, env: { incoming?: IncomingMessage; outgoing?: ServerResponse }): Promise<Response> => {
    if (env?.incoming) registerIncoming(request, env.incoming);
    const response = await handler(request, env);
    if (!(response instanceof LightResponse)) return response;
    const plain = response.plain();
    const outgoing = env?.outgoing;
    if (!plain || !outgoing || outgoing.headersSent) return response.real();
    const length = typeof plain.content === 'string' ? Buffer.byteLength(plain.content) : plain.content.byteLength;
    outgoing.writeHead(plain.status, { ...plain.headers, 'content-length': length });
    outgoing.end(plain.content);
    return ALREADY_SENT;
  };
  return getRequestListener(run as never, { overrideGlobalObjects: false }) as never;
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
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 = any free port) and resolves once listening. */
export async function listen(handler: FetchHandler, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const server = createServer(createNodeListener(handler));
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
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
