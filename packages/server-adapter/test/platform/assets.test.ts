import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get as httpGet } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { createAdapter } from '../../src/adapter.js';
import { createLogger } from '../../src/observability/logger.js';

const root = mkdtempSync(join(tmpdir(), 'focal-assets-'));
const dirs = { widgetsDir: join(root, 'widgets'), modelsDir: join(root, 'models'), ortDir: join(root, 'ort') };
const BUNDLE = `window.focal=${JSON.stringify('x'.repeat(5000))};`;

let adapter: TestAdapter;
beforeAll(async () => {
  for (const dir of Object.values(dirs)) mkdirSync(dir);
  writeFileSync(join(dirs.widgetsDir, 'focal.min.js'), BUNDLE);
  writeFileSync(join(dirs.modelsDir, 'reranker.json'), JSON.stringify({ version: 'v1', file: 'reranker.onnx' }));
  writeFileSync(join(dirs.modelsDir, 'reranker.onnx'), Buffer.alloc(4096, 7));
  writeFileSync(join(dirs.ortDir, 'ort-wasm-simd-threaded.wasm'), Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d]), Buffer.alloc(8192, 1)]));
  writeFileSync(join(dirs.ortDir, 'ort-wasm-simd-threaded.mjs'), 'export default 1;');
  adapter = await startTestAdapter({ config: { assets: dirs } });
});
afterAll(async () => adapter?.close());

/** A GET that keeps the body as sent (fetch would decompress it). */
function raw(path: string, acceptEncoding: string): Promise<{ encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(`${adapter.url}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}
/** A GET with exactly these headers (fetch would add its own Accept-Encoding), its body as sent. */
function rawResponse(path: string, headers: Record<string, string>): Promise<{ status: number; encoding?: string; etag?: string; vary?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(`${adapter.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode!, encoding: res.headers['content-encoding'], etag: res.headers.etag, vary: res.headers.vary as string | undefined, body: Buffer.concat(chunks),
      }));
    }).on('error', reject);
  });
}
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${adapter.url}${path}`, { headers });

describe('static assets', () => {
  it('lists hashed URLs of every asset present in /assets/manifest.json', async () => {
    const manifest = await (await get('/assets/manifest.json')).json();
    expect(manifest.files['focal.min.js']).toMatch(/^\/assets\/focal\.min\.[0-9a-f]{12}\.js$/);
    expect(manifest.files['reranker.onnx']).toMatch(/^\/assets\/reranker\.[0-9a-f]{12}\.onnx$/);
    expect(manifest.ortWasmPaths).toMatch(/^\/assets\/ort-[0-9a-f]{12}\/$/);
    expect(manifest.files['focal-reranker.min.js']).toBeUndefined();
  });

  it('serves hashed names as immutable, plain names revalidated by ETag (304)', async () => {
    const manifest = await (await get('/assets/manifest.json')).json();
    const hashed = await get(manifest.files['focal.min.js']);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers.get('access-control-allow-origin')).toBe('*');
    expect(await hashed.text()).toBe(BUNDLE);
    const plain = await get('/assets/focal.min.js');
    expect(plain.headers.get('cache-control')).toBe('public, no-cache');
    const again = await get('/assets/focal.min.js', { 'if-none-match': plain.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect((await get('/assets/focal.min.000000000000.js')).status).toBe(404);
  });

  it('answers 304 to If-None-Match as caches send it: weakened by a compressing proxy (W/), a list, or *', async () => {
    // nginx and other proxies that gzip turn a strong ETag into W/"…", which browsers then send back: every
    // revalidation of the plain URLs (the 12 MB wasm under /assets/ort/) used to download the whole file again
    const etag = (await get('/assets/ort/ort-wasm-simd-threaded.wasm')).headers.get('etag')!;
    for (const header of [`W/${etag}`, `"000000000000", ${etag}`, `"000000000000",W/${etag}`, '*']) {
      const response = await get('/assets/ort/ort-wasm-simd-threaded.wasm', { 'if-none-match': header });
      expect([header, response.status]).toEqual([header, 304]);
      expect(response.headers.get('etag')).toBe(etag);
    }
    expect((await get('/assets/ort/ort-wasm-simd-threaded.wasm', { 'if-none-match': '"000000000000", W/"111111111111"' })).status).toBe(200);
  });

  it('answers a missing asset 404 with the same public CORS headers as a found one, so a page on another origin reads the 404', async () => {
    // a shop page loading the script tag's files cross-origin: without the header it sees an opaque CORS failure
    for (const path of ['/assets/focal.min.000000000000.js', '/assets/nothing-here.js', '/assets/ort/missing.wasm', '/assets/%E0%A4%A']) {
      const response = await get(path, { origin: 'https://shop.example' });
      expect([path, response.status, response.headers.get('access-control-allow-origin')]).toEqual([path, 404, '*']);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect((await response.json()).error.code).toBe('asset_not_found');
    }
    const found = await get('/assets/focal.min.js', { origin: 'https://shop.example' });
    expect([found.status, found.headers.get('access-control-allow-origin')]).toEqual([200, '*']);
  });

  it('answers 404 to a name with a broken %-escape (was a 500 logged as an unhandled error)', async () => {
    for (const path of ['/assets/%E0%A4%A', '/assets/focal.min.js%', '/assets/ort/%zz']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect((await response.json()).error.code).toBe('asset_not_found');
    }
  });

  it('serves onnxruntime-web files with application/wasm under a hashed prefix, and the model', async () => {
    const manifest = await (await get('/assets/manifest.json')).json();
    const wasm = await get(`${manifest.ortWasmPaths}ort-wasm-simd-threaded.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cache-control')).toContain('immutable');
    expect(new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
    expect((await get('/assets/ort/ort-wasm-simd-threaded.mjs')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/reranker.onnx')).headers.get('content-type')).toBe('application/octet-stream');
    expect((await get('/assets/reranker.json')).headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('compresses with brotli or gzip as the client asks', async () => {
    const br = await raw('/assets/focal.min.js', 'gzip, br');
    expect(br.encoding).toBe('br');
    expect(br.body.length).toBeLessThan(BUNDLE.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(BUNDLE);
    const gz = await raw('/assets/focal.min.js', 'gzip');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(BUNDLE);
    const none = await raw('/assets/focal.min.js', 'identity');
    expect(none.encoding).toBeUndefined();
    expect(none.body.toString()).toBe(BUNDLE);
  });

  it('tags each encoding of a file with an ETag of its own, so a cache never answers a gzip copy to a client that takes none', async () => {
    // A shared cache (Vary: Accept-Encoding) holding the gzip copy revalidates it for a client without gzip by sending
    // the copy's tag; a 304 to that tag would have the cache serve the gzip bytes to the client that cannot read them.
    const tagOf = async (acceptEncoding: string) => {
      const response = await rawResponse('/assets/focal.min.js', { 'accept-encoding': acceptEncoding });
      expect(response.vary).toBe('Accept-Encoding');
      return response.etag!;
    };
    const [plain, gzip, br] = [await tagOf('identity'), await tagOf('gzip'), await tagOf('br')];
    expect(new Set([plain, gzip, br]).size).toBe(3);
    const revalidated = await rawResponse('/assets/focal.min.js', { 'accept-encoding': 'identity', 'if-none-match': gzip });
    expect([revalidated.status, revalidated.encoding, revalidated.etag]).toEqual([200, undefined, plain]);
    expect(revalidated.body.toString()).toBe(BUNDLE);
    // the cache lists the tags of every copy it holds: the 304 names the one this client is to get
    const listed = await rawResponse('/assets/focal.min.js', { 'accept-encoding': 'identity', 'if-none-match': `${gzip}, ${plain}` });
    expect([listed.status, listed.etag]).toEqual([304, plain]);
    const gz = await rawResponse('/assets/focal.min.js', { 'accept-encoding': 'gzip', 'if-none-match': `${plain}, W/${gzip}` });
    expect([gz.status, gz.etag]).toEqual([304, gzip]);
    const toGzip = await rawResponse('/assets/focal.min.js', { 'accept-encoding': 'gzip', 'if-none-match': plain });
    expect([toGzip.status, toGzip.encoding, toGzip.etag]).toEqual([200, 'gzip', gzip]);
    expect(gunzipSync(toGzip.body).toString()).toBe(BUNDLE);
  });

  it('picks up a rebuilt file under a new hash', async () => {
    const before = (await (await get('/assets/manifest.json')).json()).files['focal.min.js'];
    writeFileSync(join(dirs.widgetsDir, 'focal.min.js'), `${BUNDLE}//v2`);
    await new Promise((r) => setTimeout(r, 2100));
    const after = (await (await get('/assets/manifest.json')).json()).files['focal.min.js'];
    expect(after).not.toBe(before);
    expect(await (await get(after)).text()).toMatch(/\/\/v2$/);
  });
});

describe('default asset locations', () => {
  it('serves the real onnxruntime-web wasm from node_modules', async () => {
    const real = await startTestAdapter();
    try {
      const response = await fetch(`${real.url}/assets/ort/ort-wasm-simd-threaded.wasm`, { method: 'HEAD' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/wasm');
    } finally {
      await real.close();
    }
  });
});

describe('onnxruntime-web versions of the reranker chunk and the wasm', () => {
  /** An adapter serving a reranker chunk built with `built` and the wasm of onnxruntime-web `served`; its error log lines. */
  async function serving(built: string, served: string) {
    const base = mkdtempSync(join(tmpdir(), 'focal-ort-version-'));
    const assets = { widgetsDir: join(base, 'widgets'), ortDir: join(base, 'onnxruntime-web', 'dist') };
    mkdirSync(assets.widgetsDir);
    mkdirSync(assets.ortDir, { recursive: true });
    writeFileSync(join(assets.widgetsDir, 'focal-reranker.min.js'), `/*! onnxruntime-web ${built} */\nexport const x=1;`);
    writeFileSync(join(base, 'onnxruntime-web', 'package.json'), JSON.stringify({ name: 'onnxruntime-web', version: served }));
    writeFileSync(join(assets.ortDir, 'ort-wasm-simd-threaded.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    writeFileSync(join(assets.ortDir, 'ort-wasm-simd-threaded.mjs'), 'export default 1;');
    const lines: string[] = [];
    const adapter = await createAdapter({ inMemory: true, logger: createLogger('error', (line) => lines.push(line)), config: { log: 'error', assets } });
    const ask = (path: string) => adapter.handler(new Request(`http://adapter${path}`));
    return { ask, lines, close: () => adapter.close() };
  }

  it('does not serve a wasm of another version than the chunk was built with, and says so in the log at start', async () => {
    const { ask, lines, close } = await serving('1.30.0', '1.31.2');
    try {
      expect(lines.join('\n')).toMatch(/built with onnxruntime-web 1\.30\.0 but the wasm .* is onnxruntime-web 1\.31\.2/);
      const manifest = await (await ask('/assets/manifest.json')).json();
      expect(manifest.ortWasmPaths).toBeUndefined();
      expect(manifest.files['ort-wasm-simd-threaded.wasm']).toBeUndefined();
      expect(manifest.files['focal-reranker.min.js']).toMatch(/^\/assets\/focal-reranker\.min\.[0-9a-f]{12}\.js$/);
      expect((await ask('/assets/ort/ort-wasm-simd-threaded.wasm')).status).toBe(404);
    } finally {
      await close();
    }
  });

  it('serves the wasm when the versions agree', async () => {
    const { ask, lines, close } = await serving('1.30.0', '1.30.0');
    try {
      expect(lines).toEqual([]);
      const manifest = await (await ask('/assets/manifest.json')).json();
      expect(manifest.ortWasmPaths).toMatch(/^\/assets\/ort-[0-9a-f]{12}\/$/);
      expect((await ask('/assets/ort/ort-wasm-simd-threaded.wasm')).status).toBe(200);
    } finally {
      await close();
    }
  });
});
