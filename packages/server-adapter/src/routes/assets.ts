import { Hono } from 'hono';
import { AssetRegistry } from '../assets/registry.js';
import { locateAssetDirs } from '../assets/locate.js';
import type { AppContext, AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';

/** Content types worth compressing. */
const COMPRESSIBLE = /javascript|json|wasm|octet-stream/;

/** The encoding to answer with, from `Accept-Encoding` (brotli first). */
export function pickEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  const offered = (accept ?? '').toLowerCase().split(',').map((part) => {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    return { name: name!.trim(), q: q === undefined ? 1 : Number(q) };
  });
  const ok = (name: string) => offered.some((o) => (o.name === name || o.name === '*') && o.q > 0);
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

/**
 * Whether an `If-None-Match` header names this entity tag: weak comparison (RFC 9110 §13.1.2), so `W/"…"` (as a
 * compressing proxy rewrites the tag) matches, as does any tag of a list, and `*`.
 */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

/** A %-decoded path, or undefined when it has a broken escape (no asset has such a name). */
function decoded(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

const registries = new WeakMap<AppContext, AssetRegistry>();

/**
 * The asset registry of an app (one per app, shared by the asset routes and the recommendation answers, which name
 * the served model's version).
 */
export function assetRegistryOf(ctx: AppContext): AssetRegistry {
  let registry = registries.get(ctx);
  if (!registry) {
    // Checked at start (and again on every rescan): a wasm of another onnxruntime-web version than the chunk's is not served.
    registry = new AssetRegistry(locateAssetDirs(ctx.config.assets), (problem) => ctx.logger.error('reranker assets: onnxruntime-web versions differ', { problem }));
    registries.set(ctx, registry);
  }
  return registry;
}

/**
 * Browser assets: `GET /assets/manifest.json` (hashed URLs of everything present), `/assets/<name>.<hash>.<ext>`
 * (immutable, cached a year), `/assets/<name>` (revalidated by ETag), `/assets/ort-<hash>/<file>` and `/assets/ort/<file>`
 * for onnxruntime-web (`wasmPaths`). Compressed with br/gzip when asked; `Access-Control-Allow-Origin: *` (public files),
 * also on the 404 of a missing one.
 */
export function assetRoutes(ctx: AppContext): Hono<AppEnv> {
  const registry = assetRegistryOf(ctx);
  const app = new Hono<AppEnv>();
  const publicHeaders = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin', 'x-content-type-options': 'nosniff' };
  app.get('/assets/manifest.json', async (c) => {
    return c.json(await registry.manifest(), 200, { ...publicHeaders, 'cache-control': 'no-cache' });
  });
  app.get('/assets/*', async (c) => {
    const path = decoded(c.req.path.slice('/assets/'.length));
    const found = path === undefined ? undefined : await registry.resolve(path);
    // the 404 carries the public headers too: a page on another origin then reads it, instead of an opaque CORS error
    if (!found) throw new HttpError(404, 'asset_not_found', `no asset ${(path ?? c.req.path).slice(0, 100)}; see /assets/manifest.json for what this adapter serves (run npm run build for the bundles)`, undefined, publicHeaders);
    const { asset, immutable } = found;
    const encoding = COMPRESSIBLE.test(asset.contentType) && asset.bytes.length > 1024 ? pickEncoding(c.req.header('accept-encoding')) : undefined;
    // Each encoding is a representation of its own with a tag of its own (RFC 9110 §8.8.3): a cache revalidating the
    // gzip copy it holds for a client that takes no gzip sends that copy's tag, and a 304 to it would have the cache
    // hand the gzip bytes to that client.
    const etag = encoding ? `"${asset.hash}-${encoding}"` : `"${asset.hash}"`;
    const headers: Record<string, string> = {
      ...publicHeaders,
      'content-type': asset.contentType,
      etag,
      vary: 'Accept-Encoding',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, no-cache',
    };
    if (etagMatches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    const body = encoding ? await AssetRegistry.encode(asset, encoding) : asset.bytes;
    if (encoding) headers['content-encoding'] = encoding;
    headers['content-length'] = String(body.length);
    return new Response(c.req.method === 'HEAD' ? null : (body as unknown as BodyInit), { status: 200, headers });
  });
  return app;
}
