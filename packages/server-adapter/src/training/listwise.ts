/**
 * The listwise softmax loss of an MLP over one candidate list, and its gradient by hand-written backpropagation.
 * Parameters live in float64 during training ({@link Params}); the exported model is float32.
 */

/** Trainable parameters: per layer, weights row-major `[in × out]` and bias, in float64. */
export interface Params {
  widths: number[];
  w: Float64Array[];
  b: Float64Array[];
}

/** One training list: standardised features (row-major `[n × widths[0]]`) and a relevance label per candidate. */
export interface TrainingList {
  x: Float32Array;
  labels: Float32Array;
}

/** Zeroed parameters of the same shape. */
export function zerosLike(p: Params): Params {
  return { widths: p.widths, w: p.w.map((a) => new Float64Array(a.length)), b: p.b.map((a) => new Float64Array(a.length)) };
}

/** Forward pass keeping every layer's post-activation output (index 0 is the input). */
export function forwardAll(p: Params, x: ArrayLike<number>, n: number): Float64Array[] {
  const acts: Float64Array[] = [Float64Array.from(x)];
  const layers = p.w.length;
  for (let l = 0; l < layers; l++) {
    const inputs = p.widths[l];
    const outputs = p.widths[l + 1];
    const input = acts[l];
    const w = p.w[l];
    const out = new Float64Array(n * outputs);
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < outputs; o++) {
        let s = p.b[l][o];
        for (let i = 0; i < inputs; i++) s += input[r * inputs + i] * w[i * outputs + o];
        out[r * outputs + o] = l < layers - 1 && s < 0 ? 0 : s;
      }
    }
    acts.push(out);
  }
  return acts;
}

/** Softmax cross-entropy of scores `s` against the label distribution `labels / Σ labels`; returns loss and dL/ds. */
export function softmaxLoss(s: ArrayLike<number>, labels: ArrayLike<number>): { loss: number; grad: Float64Array } {
  const n = s.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, s[i]);
  let z = 0;
  for (let i = 0; i < n; i++) z += Math.exp(s[i] - max);
  const logZ = max + Math.log(z);
  let total = 0;
  for (let i = 0; i < n; i++) total += labels[i];
  const grad = new Float64Array(n);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const target = total > 0 ? labels[i] / total : 0;
    const logP = s[i] - logZ;
    loss -= target * logP;
    grad[i] = Math.exp(logP) - target;
  }
  return { loss, grad };
}

/** The list's loss, adding its gradient into `grads` (accumulated, not overwritten). */
export function lossAndGradient(p: Params, list: TrainingList, grads: Params): number {
  const inputs = p.widths[0];
  const n = list.x.length / inputs;
  const acts = forwardAll(p, list.x, n);
  const { loss, grad } = softmaxLoss(acts[acts.length - 1], list.labels);
  let delta: Float64Array = grad; // dL/d(pre-activation) of the current layer, [n × outputs]
  for (let l = p.w.length - 1; l >= 0; l--) {
    const ins = p.widths[l];
    const outs = p.widths[l + 1];
    const a = acts[l];
    const gw = grads.w[l];
    const gb = grads.b[l];
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < outs; o++) {
        const d = delta[r * outs + o];
        if (d === 0) continue;
        gb[o] += d;
        for (let i = 0; i < ins; i++) gw[i * outs + o] += a[r * ins + i] * d;
      }
    }
    if (l === 0) break;
    const next = new Float64Array(n * ins);
    const w = p.w[l];
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < ins; i++) {
        if (a[r * ins + i] <= 0) continue; // ReLU: no gradient where the unit was off
        let s = 0;
        for (let o = 0; o < outs; o++) s += w[i * outs + o] * delta[r * outs + o];
        next[r * ins + i] = s;
      }
    }
    delta = next;
  }
  return loss;
}

/** Loss of the list without gradients. */
export function listLoss(p: Params, list: TrainingList): number {
  const n = list.x.length / p.widths[0];
  const acts = forwardAll(p, list.x, n);
  return softmaxLoss(acts[acts.length - 1], list.labels).loss;
}
