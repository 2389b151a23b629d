/**
 * The browser reranker's loading and fallbacks, driven in Node with a real model (trained here, exported with
 * onnx-proto) and real onnxruntime-web (wasm); only the network is a local fetch function.
 */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '@focal/sdk-core/contracts';
import { asRerankerLike, createReranker, emptySession, initMlp, loadBundledRuntime, observe, type RerankerRuntime } from '@focal/sdk-core/ranking';
import { buildModel } from '../../src/training/model-files.js';
import { seededRandom } from '../../src/training/random.js';

const mlp = initMlp([16, 32, 16, 1], seededRandom(21));
const model = buildModel({ mlp, normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) }, history: [], bestEpoch: 1, epochs: 1 },
  { source: 'test', lists: 0, candidates: 0, positives: 0, metrics: {}, createdAt: '2026-11-24T00:00:00.000Z' });

function serve(files: Record<string, unknown>, log: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    log.push(url.pathname);
    const body = files[url.pathname];
    if (body === undefined) return new Response('not found', { status: 404 });
    return new Response(body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body), { status: 200 });
  }) as typeof fetch;
}

const cands: Candidate[] = Array.from({ length: 30 }, (_, i) => ({
  id: `P${i}`, title: `P${i}`, url: `/p/${i}`, price: 50 + i, currency: 'EUR', categoryPath: [`Cat${i % 5}`], brand: `B${i % 7}`, inStock: true,
  strategy: 'co-view', features: { score: 1 - i / 30, rank: i, popularity: i * 3, cooccurrence: i % 4, ageDays: i, strategyScores: {} },
}));
const state = observe(emptySession(), { id: '0190a000-0000-7000-8000-000000000001', type: 'product_view', createdAt: '2026-11-24T10:00:00.000Z', anonymousId: 'a', sessionId: 's', consent: { analytics: true, personalization: true }, properties: { productId: 'P7' } });
const base = 'http://shop.test/focal/models/';
const ids = (r: { items: Candidate[] }) => r.items.map((c) => c.id);

describe('createReranker', () => {
  it('uses the ONNX model once loaded, with the same order as the pure-TS model', async () => {
    const log: string[] = [];
    const files = { '/focal/models/reranker.json': model.manifest, '/focal/models/reranker.onnx': model.onnx };
    const onnx = createReranker({ manifestUrl: `${base}reranker.json`, loadRuntime: loadBundledRuntime, load: 'manual', fetch: serve(files, log), diversity: false });
    const before = await onnx.rerank(cands, state);
    expect(before.source).toBe('server');
    expect(ids(before)).toEqual(cands.map((c) => c.id));
    expect(await onnx.load()).toBe('onnx');
    expect(onnx.version.value).toBe(model.manifest.version);
    expect(log).toEqual(['/focal/models/reranker.json', '/focal/models/reranker.onnx']);
    const viaOnnx = await onnx.rerank(cands, state, { now: Date.parse('2026-11-24T10:01:00.000Z') });
    const ts = createReranker({ manifestUrl: `${base}reranker.json`, load: 'manual', fetch: serve(files), diversity: false });
    expect(await ts.load()).toBe('ts');
    const viaTs = await ts.rerank(cands, state, { now: Date.parse('2026-11-24T10:01:00.000Z') });
    expect(viaOnnx.source).toBe('onnx');
    expect(viaTs.source).toBe('ts');
    expect(ids(viaOnnx)).toEqual(ids(viaTs));
    viaOnnx.scores.forEach((s, i) => expect(Math.abs(s - viaTs.scores[i])).toBeLessThanOrEqual(1e-5));
    expect(ids(viaOnnx)).not.toEqual(cands.map((c) => c.id));
    await onnx.dispose();
  });

  it('refuses an ONNX file whose sha256 does not match the manifest and scores with the pure-TS model', async () => {
    const tampered = model.onnx.slice();
    tampered[tampered.length - 5] ^= 0xff;
    let runtimeLoaded = false;
    const loadRuntime = async (): Promise<RerankerRuntime> => { runtimeLoaded = true; return loadBundledRuntime(); };
    const r = createReranker({ manifestUrl: `${base}reranker.json`, loadRuntime, load: 'manual', fetch: serve({ '/focal/models/reranker.json': model.manifest, '/focal/models/reranker.onnx': tampered }) });
    expect(await r.load()).toBe('ts');
    expect(runtimeLoaded).toBe(false);
    expect(r.error.value).toMatch(/sha256/);
    expect((await r.rerank(cands, state)).source).toBe('ts');
  });

  it('falls back to the server order when the manifest is missing or invalid, and still applies the rules', async () => {
    for (const files of [{}, { '/focal/models/reranker.json': { version: 'x' } }, { '/focal/models/reranker.json': { ...model.manifest, featureNames: ['a'] } }]) {
      const r = createReranker({ manifestUrl: `${base}reranker.json`, loadRuntime: loadBundledRuntime, load: 'manual', fetch: serve(files), diversity: false });
      expect(await r.load()).toBe('server');
      expect(r.error.value).toBeTruthy();
      const out = await r.rerank(cands, state, { rules: { exclude: ['P0'], pinned: [{ id: 'P9', position: 0 }] } });
      expect(out.source).toBe('server');
      expect(ids(out).slice(0, 3)).toEqual(['P9', 'P1', 'P2']);
      expect(ids(out)).not.toContain('P0');
      expect(out.items).toHaveLength(29);
    }
  });

  it('falls back to the pure-TS model when the runtime fails to load', async () => {
    const r = createReranker({ manifestUrl: `${base}reranker.json`, runtimeUrl: 'http://127.0.0.1:9/nothing.js', load: 'manual', fetch: serve({ '/focal/models/reranker.json': model.manifest, '/focal/models/reranker.onnx': model.onnx }) });
    expect(await r.load()).toBe('ts');
    expect((await r.rerank(cands, state)).source).toBe('ts');
  });

  it('plugs into the recommendation client: synchronous pure-TS order first, ONNX once ready', async () => {
    const files = { '/focal/models/reranker.json': model.manifest, '/focal/models/reranker.onnx': model.onnx };
    const r = createReranker({ manifestUrl: `${base}reranker.json`, loadRuntime: loadBundledRuntime, load: 'manual', fetch: serve(files), diversity: false, now: () => Date.parse('2026-11-24T10:01:00.000Z') });
    const like = asRerankerLike(r);
    expect(like.rerank(cands, state)).toEqual(cands); // nothing loaded: server order, synchronously
    expect(await r.load(), r.error.value).toBe('onnx');
    const viaOnnx = await like.rerank(cands, state);
    const viaTs = r.rerankSync(cands, state);
    expect(viaTs.source).toBe('ts');
    expect(viaOnnx.map((c) => c.id)).toEqual(viaTs.items.map((c) => c.id));
    expect(Array.isArray(like.rerank(cands, { not: 'a session' }))).toBe(false); // a promise: ONNX, with an empty session
    await r.dispose();
  });

  it('picks up a new model version named by a recommendation response', async () => {
    const other = buildModel({ mlp: initMlp([16, 32, 16, 1], seededRandom(99)), normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) }, history: [], bestEpoch: 1, epochs: 1 },
      { source: 'test', lists: 0, candidates: 0, positives: 0, metrics: {}, file: 'reranker-2.onnx' });
    const files: Record<string, unknown> = { '/focal/models/reranker.json': model.manifest, '/focal/models/reranker.onnx': model.onnx };
    const log: string[] = [];
    const r = createReranker({ manifestUrl: `${base}reranker.json`, load: 'manual', fetch: serve(files, log) });
    await r.load();
    expect(r.version.value).toBe(model.manifest.version);
    files['/focal/models/reranker.json'] = other.manifest;
    files['/focal/models/reranker-2.onnx'] = other.onnx;
    await r.rerank(cands, state, { modelVersion: other.manifest.version });
    await r.load(); // the reload the response started (or a no-op when it already finished)
    expect(r.version.value).toBe(other.manifest.version);
    expect(log.filter((path) => path.endsWith('.onnx'))).toEqual([]); // no runtime given: no model file fetched for nothing
    const fetches = log.length;
    await r.rerank(cands, state, { modelVersion: 'something-else' });
    await r.rerank(cands, state, { modelVersion: 'something-else' });
    expect(log.length).toBeLessThanOrEqual(fetches + 2); // re-checked at most once a minute
  });

  /** The reranker's version once it is `expected`, or what it still is after 5 s. */
  const versionBecomes = (r: ReturnType<typeof createReranker>, expected: string) => new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => { stop(); resolve(r.version.value); }, 5_000);
    const stop = r.version.subscribe((v) => {
      if (v !== expected) return;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve(v);
    });
  });

  it('follows a new version named by an answer also while it scores with the pure-TS model (rerankSync, no ONNX runtime)', async () => {
    const other = buildModel({ mlp: initMlp([16, 32, 16, 1], seededRandom(98)), normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) }, history: [], bestEpoch: 1, epochs: 1 },
      { source: 'test', lists: 0, candidates: 0, positives: 0, metrics: {} });
    const files: Record<string, unknown> = { '/focal/models/reranker.json': model.manifest, '/focal/models/reranker.onnx': model.onnx };
    const r = createReranker({ manifestUrl: `${base}reranker.json`, load: 'manual', fetch: serve(files) });
    expect(await r.load()).toBe('ts');
    files['/focal/models/reranker.json'] = other.manifest;
    files['/focal/models/reranker.onnx'] = other.onnx;
    // what asRerankerLike calls until ONNX is ready (and for good where it never is)
    asRerankerLike(r).rerank(cands, state, other.manifest.version);
    expect(await versionBecomes(r, other.manifest.version)).toBe(other.manifest.version);
    expect(r.rerankSync(cands, state).modelVersion).toBe(other.manifest.version);
  });

  it('a page opened before any model was served loads the first one an answer names', async () => {
    const files: Record<string, unknown> = {};
    const r = createReranker({ manifestUrl: `${base}reranker.json`, load: 'manual', fetch: serve(files) });
    expect(await r.load()).toBe('server');
    expect(r.error.value).toMatch(/404/);
    files['/focal/models/reranker.json'] = model.manifest;
    files['/focal/models/reranker.onnx'] = model.onnx;
    expect(r.rerankSync(cands, state, { modelVersion: model.manifest.version }).source).toBe('server');
    expect(await versionBecomes(r, model.manifest.version)).toBe(model.manifest.version);
    expect(r.rerankSync(cands, state).source).toBe('ts');
  });

  it('does not load on an answer before its own first load (load: manual), nor after dispose', async () => {
    const log: string[] = [];
    const r = createReranker({ manifestUrl: `${base}reranker.json`, load: 'manual', fetch: serve({ '/focal/models/reranker.json': model.manifest }, log) });
    await r.rerank(cands, state, { modelVersion: model.manifest.version });
    r.rerankSync(cands, state, { modelVersion: model.manifest.version });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual([]);
    const missing = createReranker({ manifestUrl: `${base}reranker.json`, load: 'manual', fetch: serve({}, log) });
    await missing.load();
    await missing.dispose();
    missing.rerankSync(cands, state, { modelVersion: model.manifest.version });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(['/focal/models/reranker.json']);
  });

  it('answers a bad call with a clear error', () => {
    expect(() => createReranker({} as never)).toThrow(/manifestUrl/);
  });
});
