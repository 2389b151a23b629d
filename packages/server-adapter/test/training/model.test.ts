import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web/wasm';
import { ModelManifest } from '@focal/sdk-core/contracts';
import { decodeWeights, encodeWeights, FEATURE_NAMES, forward, initMlp, standardise, type Mlp } from '@focal/sdk-core/ranking';
import { forwardAll, lossAndGradient, listLoss, softmaxLoss, zerosLike, type Params, type TrainingList } from '../../src/training/listwise.js';
import { trainReranker } from '../../src/training/train.js';
import { exportOnnx } from '../../src/training/onnx-export.js';
import { buildModel, sha256Hex } from '../../src/training/model-files.js';
import { seededRandom } from '../../src/training/random.js';

ort.env.wasm.numThreads = 1;

const tiny: Mlp = {
  layers: [
    { inputs: 2, outputs: 2, weights: Float32Array.from([1, -1, 2, 0.5]), bias: Float32Array.from([0, -1]) },
    { inputs: 2, outputs: 1, weights: Float32Array.from([1, 2]), bias: Float32Array.from([0.5]) },
  ],
};

describe('forward pass', () => {
  it('computes ReLU(x·W1 + b1)·W2 + b2 by hand', () => {
    // x = [1, 1]: h = ReLU([1+2, -1+0.5-1]) = [3, 0]; y = 3·1 + 0·2 + 0.5 = 3.5
    // x = [0, 1]: h = ReLU([2, 0.5-1]) = [2, 0]; y = 2.5
    expect([...forward(tiny, Float32Array.from([1, 1, 0, 1]), 2)]).toEqual([3.5, 2.5]);
  });

  it('weights survive the manifest encoding', () => {
    const mlp = initMlp([16, 32, 16, 1], seededRandom(1));
    const back = decodeWeights(encodeWeights(mlp), [16, 32, 16, 1]);
    expect(back.layers.map((l) => [...l.weights])).toEqual(mlp.layers.map((l) => [...l.weights]));
    expect(() => decodeWeights(encodeWeights(mlp), [16, 8, 1])).toThrow(/need/);
  });
});

describe('listwise loss', () => {
  it('softmax loss matches a hand computation', () => {
    const { loss, grad } = softmaxLoss([0, Math.log(3)], [0, 1]); // p = [1/4, 3/4]
    expect(loss).toBeCloseTo(-Math.log(0.75), 12);
    expect([...grad].map((g) => +g.toFixed(12))).toEqual([0.25, -0.25]);
  });

  it('backpropagated gradients match finite differences', () => {
    const random = seededRandom(3);
    const mlp = initMlp([5, 7, 4, 1], random);
    const params: Params = { widths: [5, 7, 4, 1], w: mlp.layers.map((l) => Float64Array.from(l.weights)), b: mlp.layers.map((l) => Float64Array.from(l.bias)) };
    for (const b of params.b) for (let i = 0; i < b.length; i++) b[i] = random() - 0.3;
    const list: TrainingList = { x: Float32Array.from({ length: 6 * 5 }, () => random() * 2 - 1), labels: Float32Array.from([0, 1, 0, 0, 2, 0]) };
    const grads = zerosLike(params);
    lossAndGradient(params, list, grads);
    let checked = 0;
    for (const [name, arrays, gArrays] of [['w', params.w, grads.w], ['b', params.b, grads.b]] as const) {
      arrays.forEach((a, l) => {
        for (let i = 0; i < a.length; i++) {
          const keep = a[i];
          a[i] = keep + 1e-6;
          const up = listLoss(params, list);
          a[i] = keep - 1e-6;
          const down = listLoss(params, list);
          a[i] = keep;
          const numeric = (up - down) / 2e-6;
          expect(Math.abs(numeric - gArrays[l][i]), `${name}${l}[${i}]`).toBeLessThan(1e-6 + 1e-4 * Math.abs(numeric));
          checked++;
        }
      });
    }
    expect(checked).toBe(5 * 7 + 7 * 4 + 4 + 7 + 4 + 1);
  });
});

describe('training', () => {
  it('learns a toy ranking: the positive is the candidate with the largest feature 0 minus feature 1', () => {
    const random = seededRandom(11);
    const lists: TrainingList[] = [];
    for (let k = 0; k < 300; k++) {
      const n = 8;
      const x = Float32Array.from({ length: n * 16 }, () => random());
      let best = 0;
      for (let i = 1; i < n; i++) if (x[i * 16] - x[i * 16 + 1] > x[best * 16] - x[best * 16 + 1]) best = i;
      const labels = new Float32Array(n);
      labels[best] = 1;
      lists.push({ x, labels });
    }
    const result = trainReranker(lists, { epochs: 15, seed: 5 });
    const first = result.history[0].trainLoss;
    const last = result.history[result.history.length - 1].trainLoss;
    // log(8) ≈ 2.08 is the loss of a model that cannot tell the candidates apart.
    expect(last).toBeLessThan(first);
    expect(last).toBeLessThan(Math.log(8) * 0.5);
    expect(result.bestEpoch).toBeGreaterThan(0);
    expect(() => trainReranker([{ x: new Float32Array(32), labels: new Float32Array(2) }])).toThrow(/positive/);
  });

  it('a feature the training lists never varied (dwell on a product page: the store logs none) does not move the device order', () => {
    const dwell = FEATURE_NAMES.indexOf('dwell_seconds');
    const purchased = FEATURE_NAMES.indexOf('purchased');
    const random = seededRandom(12);
    const lists: TrainingList[] = [];
    for (let k = 0; k < 200; k++) {
      const n = 6;
      const x = Float32Array.from({ length: n * 16 }, (_, i) => (i % 16 === dwell || i % 16 === purchased ? 0 : random()));
      const labels = new Float32Array(n);
      labels[k % n] = 1;
      x[(k % n) * 16] += 1;
      lists.push({ x, labels });
    }
    // a small store: few lists, few epochs (the shipped demo model trains long enough for weight decay to hide this)
    const result = trainReranker(lists, { epochs: 3, seed: 5 });
    const row = Float32Array.from({ length: 16 }, (_, i) => (i === dwell || i === purchased ? 0 : 0.5));
    const score = (dwellSeconds: number, bought: number) => {
      const x = row.slice();
      x[dwell] = Math.log1p(dwellSeconds);
      x[purchased] = bought;
      return forward(result.mlp, standardise(x, 16, result.normalization.mean, result.normalization.std), 1)[0];
    };
    // the browser measures 2 minutes on the product page / a purchase in the session: the model learnt nothing of either
    expect(score(120, 0)).toBe(score(0, 0));
    expect(score(0, 1)).toBe(score(0, 0));
  });
});

describe('ONNX export', () => {
  it('runs in onnxruntime-web (wasm, Node) within 1e-5 of the TypeScript forward pass', async () => {
    const random = seededRandom(42);
    const mlp = initMlp([16, 32, 16, 1], random);
    for (const l of mlp.layers) for (let i = 0; i < l.bias.length; i++) l.bias[i] = random() - 0.5;
    const session = await ort.InferenceSession.create(exportOnnx(mlp));
    expect(session.inputNames).toEqual(['features']);
    expect(session.outputNames).toEqual(['scores']);
    for (const n of [1, 7, 200]) {
      const x = Float32Array.from({ length: n * 16 }, () => (random() - 0.5) * 6);
      const out = await session.run({ features: new ort.Tensor('float32', x, [n, 16]) });
      expect(out.scores.dims).toEqual([n, 1]);
      const expected = forward(mlp, x, n);
      const got = out.scores.data as Float32Array;
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
      expect(worst).toBeLessThanOrEqual(1e-5);
    }
    await session.release();
  });

  it('writes a valid manifest whose sha256 and weights describe the ONNX bytes', () => {
    const mlp = initMlp([16, 32, 16, 1], seededRandom(9));
    const { onnx, manifest } = buildModel({ mlp, normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) }, history: [], bestEpoch: 3, epochs: 3 },
      { source: 'test', lists: 1, candidates: 2, positives: 1, metrics: { 'mrr@20': 0.5 } });
    expect(ModelManifest.safeParse(manifest).success).toBe(true);
    expect(manifest.sha256).toBe(sha256Hex(onnx));
    expect(manifest).toMatchObject({ layers: [16, 32, 16, 1], opset: 17, irVersion: 8, file: 'reranker.onnx' });
    expect(onnx.length + JSON.stringify(manifest).length).toBeLessThan(50 * 1024);
    const fromManifest = decodeWeights(manifest.weights!, manifest.layers);
    const x = Float32Array.from({ length: 16 }, (_, i) => i / 16);
    expect(forward(fromManifest, x, 1)[0]).toBe(forward(mlp, x, 1)[0]);
  });
});
