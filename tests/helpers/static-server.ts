/** A tiny static file server on loopback for browser tests (serves files under `root` with the right types). */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml', '.onnx': 'application/octet-stream',
};

export interface StaticServer { url: string; close(): Promise<void>; server: Server }

/**
 * `route(path)`, called once per request: the path to serve instead (another name for a file under `root`), or `null`
 * to answer 503 (a CDN's blip: it can fail a file's first requests and serve the next).
 */
export async function serveStatic(root: string, extra: Record<string, string> = {}, route?: (path: string) => string | null): Promise<StaticServer> {
  const server = createServer(async (req, res) => {
    const asked = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const path = route ? route(asked) : asked;
    if (path === null) {
      res.writeHead(503).end('busy');
      return;
    }
    if (extra[path] !== undefined) {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/html; charset=utf-8' });
      res.end(extra[path]);
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(normalize(root))) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((r) => server.close(() => r())) };
}
