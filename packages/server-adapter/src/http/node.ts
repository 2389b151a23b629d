import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';

type FetchHandler = (request: Request, env?: unknown) => Promise<Response>;

/** A `node:http` request listener running the handler: `createServer(createNodeListener(handler))`. */
export function createNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return getRequestListener(handler as never, { overrideGlobalObjects: false }) as never;
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
