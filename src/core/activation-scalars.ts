/**
 * The scalar half of the activation records (activation-records.ts), with no tfjs import: each function next to its
 * derivative as a pair (f, f′), with the TeX the chapters print — what pages need without TensorFlow.js (the
 * activation explorer draws them; prop schemas and the prose quote them) — and the slope maximum the chapters quote.
 */
import { activationRecord, type ActivationId, type ActivationParams, type ScalarForm } from './activation-records';

export {
  ACTIVATION_IDS,
  DEFAULT_ELU_ALPHA,
  DEFAULT_LEAKY_ALPHA,
  erf,
  SELU_ALPHA,
  SELU_LAMBDA,
  sigmoid,
  TRAINABLE_ACTIVATIONS,
  type ActivationId,
  type ActivationParams,
} from './activation-records';

export interface ScalarActivation extends ScalarForm {
  id: ActivationId;
}

export function scalarActivation(id: ActivationId, params: ActivationParams = {}): ScalarActivation {
  return { id, ...activationRecord(id).scalar(params) };
}

export interface SlopeMaximum {
  /** Where |f′| is largest on the scanned interval. */
  x: number;
  /** The largest |f′|; a supremum approached at the interval's edge shows up as the value at that edge. */
  value: number;
}

/**
 * The largest |f′(x)| on [lo, hi], found on a fine grid and refined by golden-section search around the best
 * grid point. This is the number the chapters quote (σ′ ≤ 1/4 at x = 0, tanh′ ≤ 1 at x = 0).
 */
export function slopeMaximum(act: Pick<ScalarActivation, 'df'>, lo = -8, hi = 8, n = 1601): SlopeMaximum {
  let bestI = 0;
  let best = -Infinity;
  const xs = (i: number) => lo + ((hi - lo) * i) / (n - 1);
  for (let i = 0; i < n; i++) {
    const v = Math.abs(act.df(xs(i)));
    if (v > best) {
      best = v;
      bestI = i;
    }
  }
  let a = xs(Math.max(0, bestI - 1));
  let b = xs(Math.min(n - 1, bestI + 1));
  const g = (Math.sqrt(5) - 1) / 2;
  const h = (x: number) => Math.abs(act.df(x));
  for (let k = 0; k < 60; k++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (h(c) >= h(d)) b = d;
    else a = c;
  }
  const xm = (a + b) / 2;
  return h(xm) >= best ? { x: xm, value: h(xm) } : { x: xs(bestI), value: best };
}
