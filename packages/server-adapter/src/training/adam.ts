/** The Adam optimiser over {@link Params}, with optional L2 weight decay on weights (not biases). */
import { zerosLike, type Params } from './listwise.js';

export interface AdamOptions {
  /** @default 0.003 */
  learningRate?: number;
  /** @default 0.9 */
  beta1?: number;
  /** @default 0.999 */
  beta2?: number;
  /** @default 1e-8 */
  epsilon?: number;
  /** L2 penalty added to weight gradients. @default 1e-4 */
  weightDecay?: number;
}

export interface Adam {
  /** Applies one update from `grads` (already averaged over the batch) to `params`, in place. */
  step(params: Params, grads: Params): void;
}

export function adam(shape: Params, options: AdamOptions = {}): Adam {
  const { learningRate = 0.003, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 1e-4 } = options;
  const m = zerosLike(shape);
  const v = zerosLike(shape);
  let t = 0;
  const update = (param: Float64Array, grad: Float64Array, mm: Float64Array, vv: Float64Array, decay: number) => {
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let i = 0; i < param.length; i++) {
      const g = grad[i] + decay * param[i];
      mm[i] = beta1 * mm[i] + (1 - beta1) * g;
      vv[i] = beta2 * vv[i] + (1 - beta2) * g * g;
      param[i] -= (learningRate * (mm[i] / c1)) / (Math.sqrt(vv[i] / c2) + epsilon);
    }
  };
  return {
    step(params, grads) {
      t++;
      for (let l = 0; l < params.w.length; l++) {
        update(params.w[l], grads.w[l], m.w[l], v.w[l], weightDecay);
        update(params.b[l], grads.b[l], m.b[l], v.b[l], 0);
      }
    },
  };
}
