/**
 * The reranker's model: a multi-layer perceptron (ReLU between layers, a linear output) and its pure-TypeScript
 * forward pass — the test oracle for the ONNX file and the scorer while onnxruntime-web is not loaded or fails.
 */

/** One dense layer: `y = x · W + b`, `W` row-major `[inputs × outputs]`. */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  weights: Float32Array;
  bias: Float32Array;
}

export interface Mlp {
  layers: DenseLayer[];
}

/** Layer widths from input to output, e.g. `[16, 32, 16, 1]`. */
export const mlpWidths = (mlp: Mlp): number[] => [mlp.layers[0].inputs, ...mlp.layers.map((l) => l.outputs)];

/**
 * Scores `n` rows of `x` (row-major `[n × inputs]`, already standardised): ReLU after every layer but the last.
 * Returns one score per row.
 */
export function forward(mlp: Mlp, x: Float32Array, n: number): Float32Array {
  let input: Float32Array = x;
  for (let l = 0; l < mlp.layers.length; l++) {
    const { inputs, outputs, weights, bias } = mlp.layers[l];
    const relu = l < mlp.layers.length - 1;
    const out = new Float32Array(n * outputs);
    for (let r = 0; r < n; r++) {
      const xo = r * inputs;
      for (let o = 0; o < outputs; o++) {
        let s = bias[o];
        for (let i = 0; i < inputs; i++) s += input[xo + i] * weights[i * outputs + o];
        out[r * outputs + o] = relu && s < 0 ? 0 : s;
      }
    }
    input = out;
  }
  return input;
}

/** `(x - mean) / std` per column, into a new array; a zero or missing std divides by 1. */
export function standardise(x: Float32Array, columns: number, mean: readonly number[], std: readonly number[]): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const j = i % columns;
    const s = std[j] > 0 ? std[j] : 1;
    out[i] = (x[i] - (mean[j] ?? 0)) / s;
  }
  return out;
}

/** A new MLP with the given widths, weights drawn by He initialisation from `random` (uniform in [0, 1)). */
export function initMlp(widths: readonly number[], random: () => number): Mlp {
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const inputs = widths[l];
    const outputs = widths[l + 1];
    const weights = new Float32Array(inputs * outputs);
    const scale = Math.sqrt(2 / inputs);
    for (let i = 0; i < weights.length; i++) {
      const u = Math.max(random(), 1e-12);
      weights[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    }
    layers.push({ inputs, outputs, weights, bias: new Float32Array(outputs) });
  }
  return { layers };
}

/** All parameters, layer by layer (weights then bias), as little-endian float32 in base64 (the manifest's `weights`). */
export function encodeWeights(mlp: Mlp): string {
  const total = mlp.layers.reduce((n, l) => n + l.weights.length + l.bias.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const l of mlp.layers) {
    all.set(l.weights, at);
    at += l.weights.length;
    all.set(l.bias, at);
    at += l.bias.length;
  }
  const bytes = new Uint8Array(all.buffer);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The inverse of {@link encodeWeights}; throws when the data does not fit the widths. */
export function decodeWeights(base64: string, widths: readonly number[]): Mlp {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const expected = widths.slice(1).reduce((n, w, l) => n + widths[l] * w + w, 0);
  if (bytes.length !== expected * 4) throw new Error(`model weights hold ${bytes.length / 4} numbers, layers ${widths.join('→')} need ${expected}`);
  const all = new Float32Array(bytes.buffer);
  const layers: DenseLayer[] = [];
  let at = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const inputs = widths[l];
    const outputs = widths[l + 1];
    const weights = all.slice(at, at + inputs * outputs);
    at += inputs * outputs;
    const bias = all.slice(at, at + outputs);
    at += outputs;
    layers.push({ inputs, outputs, weights, bias });
  }
  return { layers };
}
