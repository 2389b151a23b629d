import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get as httpGet } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';

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
