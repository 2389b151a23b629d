/**
 * The reranker when loading its ONNX model fails for a moment (a network error, a 503 from the CDN): it tries again,
 * a bounded number of times with growing delays, and keeps the scorer it has meanwhile. The clock is the reranker's
 * `now` option and the network a `fetch` stub: no wall clock, no timers.
 */
import { describe, expect, it } from 'vitest';
import { createReranker, emptySession, FEATURE_NAMES, LOAD_RETRIES, LOAD_RETRY_MS, type RerankerRuntime } from '../../src/ranking/index.js';
import { sha256Hex } from '../../src/ranking/sha256.js';
import { candidate } from './fixtures.js';

const MODEL = new Uint8Array([8, 1, 18, 4, 102, 111, 99, 97]);
const manifest = async () => ({
  version: 'mlp-1', sha256: await sha256Hex(MODEL), file: 'reranker.onnx', featureNames: [...FEATURE_NAMES], layers: [16, 1],
  normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) }, // no weights: the server order until ONNX has loaded
});
/** Scores the last candidate highest, so an ONNX order is told from the server's. */
const runtime: RerankerRuntime = {
  createScorer: async () => ({ run: async (_x, n) => Float32Array.from({ length: n }, (_, i) => i), release: async () => undefined }),
};
const cands = ['A', 'B', 'C'].map((id, rank) => candidate(id, {}, { rank, score: 1 - rank / 10 }));

/**
 * A reranker whose model file fails the first `failures` GETs (its manifest the first `manifestFailures`); `clock.ms`
 * is its time; `counts` counts the GETs of each.
 */
async function setUp(failures: number, manifestFailures = 0, withRuntime = true) {
  const m = await manifest();
  const clock = { ms: 0 };
  const counts = { modelGets: 0, manifestGets: 0 };
  const fetch = (async (url: string) => {
    if (url.endsWith('.json')) {
      counts.manifestGets++;
      if (manifestFailures-- > 0) return new Response('busy', { status: 503 });
      return Response.json(m);
    }
    counts.modelGets++;
    if (failures-- > 0) throw new TypeError('Failed to fetch');
    return new Response(MODEL);
  }) as typeof globalThis.fetch;
  const reranker = createReranker({
    manifestUrl: 'https://shop.test/assets/reranker.json', fetch, loadRuntime: withRuntime ? async () => runtime : undefined, load: 'manual', now: () => clock.ms,
  });
  return { reranker, clock, counts };
}
/** Reranks (the order as `source:ids`); when the call started a load (it asked for the manifest), waits for it. */
async function order({ reranker, counts }: Awaited<ReturnType<typeof setUp>>): Promise<string> {
  const asked = counts.manifestGets;
  const out = await reranker.rerank(cands, emptySession());
  if (counts.manifestGets > asked) await reranker.load(); // (the load under way: load() joins it)
  return `${out.source}:${out.items.map((c) => c.id).join('')}`;
}

describe('the ONNX model after a failed download', () => {
  it('is fetched again after a delay, with the server order shown meanwhile, then used', async () => {
    const r = await setUp(1);
    const { reranker, clock, counts } = r;
    expect(await reranker.load()).toBe('server');
    expect(reranker.error.value).toMatch(/Failed to fetch/);
    expect(await order(r)).toBe('server:ABC'); // not yet: no request storm on every rerank
    expect(counts.modelGets).toBe(1);
    clock.ms += 60_000;
    expect(await order(r)).toBe('server:ABC'); // this call started the retry
    expect(counts.modelGets).toBe(2);
    expect(reranker.ready.value).toBe('onnx');
    expect(reranker.error.value).toBeUndefined();
    expect(await order(r)).toBe('onnx:CBA');
  });

  it('is fetched a bounded number of times when it keeps failing, each later than the one before', async () => {
    const r = await setUp(Infinity);
    const { reranker, clock, counts } = r;
    await reranker.load();
    const gets: number[] = [];
    for (let s = 0; s <= 600; s += 5) {
      clock.ms = s * 1000;
      await order(r);
      if (counts.modelGets > gets.length + 1) gets.push(s);
    }
    expect(gets).toEqual([1, 3, 7].map((k) => (k * LOAD_RETRY_MS) / 1000)); // after 10 s, 20 s more, 40 s more; no more
    expect(LOAD_RETRIES).toBe(3);
    expect(reranker.ready.value).toBe('server');
  });

  it('comes after a manifest that failed for a moment, asked for again the same way', async () => {
    const r = await setUp(0, 1);
    const { reranker, clock, counts } = r;
    expect(await reranker.load()).toBe('server');
    expect(reranker.error.value).toMatch(/manifest unusable.*503/);
    clock.ms += 60_000;
    expect(await order(r)).toBe('server:ABC');
    expect(counts).toEqual({ manifestGets: 2, modelGets: 1 });
    expect(await order(r)).toBe('onnx:CBA');
  });

  it('is not fetched at all without a runtime to run it (the pure-TS model or the server order only)', async () => {
    const r = await setUp(0, 0, false);
    const { reranker, clock, counts } = r;
    expect(await reranker.load()).toBe('server');
    expect(reranker.error.value).toMatch(/no runtimeUrl or loadRuntime given/);
    for (let s = 0; s <= 600; s += 5) {
      clock.ms = s * 1000;
      await order(r);
    }
    expect(counts).toEqual({ manifestGets: 1, modelGets: 0 });
  });
});
