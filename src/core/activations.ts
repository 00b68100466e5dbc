/**
 * The activation table: each function next to its derivative, in three forms kept together — the scalar pair
 * (f, f′) and the TeX the chapters print (activation-scalars.ts, which pages load without TensorFlow.js), and
 * here the tensor form for training (tfjs differentiates it). One table feeds the chapters' curves, the
 * formulas' numbers and the tests (which check f′ against finite differences of f, and the tensor form against
 * the scalar one).
 */
import * as tf from './tf';
import {
  DEFAULT_ELU_ALPHA,
  DEFAULT_LEAKY_ALPHA,
  scalarActivation,
  type ActivationParams,
  type ScalarActivation,
} from './activation-scalars';
import type { ActivationId } from './catalog';

export {
  ACTIVATION_IDS,
  DEFAULT_ELU_ALPHA,
  DEFAULT_LEAKY_ALPHA,
  erf,
  SELU_ALPHA,
  SELU_LAMBDA,
  slopeMaximum,
  TRAINABLE_ACTIVATIONS,
  type ActivationId,
  type ActivationParams,
  type SlopeMaximum,
} from './activation-scalars';

export interface Activation extends ScalarActivation {
  apply(x: tf.Tensor): tf.Tensor;
}

/** The tensor form of each activation of the scalar table. */
function tensorForm(id: ActivationId, params: ActivationParams): (x: tf.Tensor) => tf.Tensor {
  switch (id) {
    case 'sigmoid':
      return (x) => tf.sigmoid(x);
    case 'tanh':
      return (x) => tf.tanh(x);
    case 'relu':
      return (x) => tf.relu(x);
    case 'leaky-relu': {
      const a = params.leakyAlpha ?? DEFAULT_LEAKY_ALPHA;
      return (x) => tf.leakyRelu(x, a);
    }
    case 'elu': {
      const a = params.eluAlpha ?? DEFAULT_ELU_ALPHA;
      // tf.elu has α fixed at 1. The general form is max(x, 0) + α(e^{min(x, 0)} − 1): tfjs cannot differentiate
      // tf.where(tf.greater(…)) (its Select gradient reaches Greater, which has none), and min keeps e^x finite.
      return (x) => (a === 1 ? tf.elu(x) : tf.add(tf.relu(x), tf.mul(a, tf.expm1(tf.minimum(x, 0)))));
    }
    case 'selu':
      return (x) => tf.selu(x);
    case 'gelu':
      return (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
    case 'softplus':
      return (x) => tf.softplus(x);
    case 'swish':
      return (x) => tf.mul(x, tf.sigmoid(x));
    case 'linear':
      return (x) => x;
  }
}

export function getActivation(id: ActivationId, params: ActivationParams = {}): Activation {
  return { ...scalarActivation(id, params), apply: tensorForm(id, params) };
}
