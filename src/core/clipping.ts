/**
 * Gradient clipping, the remedy for exploding gradients of Pascanu, Mikolov & Bengio 2013 ("On the difficulty
 * of training recurrent neural networks", Algorithm 1): when the global norm ‖g‖ = √(Σ_i ‖g_i‖²) over every
 * parameter exceeds a threshold c, rescale all gradients by c / ‖g‖. The direction of the step is kept; only its
 * length is bounded. Clipping each element to [−c, c] ("value" mode, as in Mikolov's earlier RNN code) bounds every
 * element but can turn the direction.
 */
import * as tf from './tf';
import { sumsOfSquares } from './tensor-norms';

export type ClipSpec = { mode: 'none' } | { mode: 'value'; threshold: number } | { mode: 'norm'; threshold: number };

export type ClipMode = ClipSpec['mode'];

/** √(Σ_i ‖g_i‖²) over every tensor; 0 for none. */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.sum(sumsOfSquares(grads)))) as tf.Scalar;
}

/** Returns new gradient tensors (to be disposed by the caller's tidy) and the global L2 norm before and after. */
export function clipGradients(
  grads: Record<string, tf.Tensor>,
  spec: ClipSpec,
): { grads: Record<string, tf.Tensor>; normBefore: tf.Scalar; normAfter: tf.Scalar } {
  if (spec.mode !== 'none' && !(Number.isFinite(spec.threshold) && spec.threshold > 0)) {
    throw new Error(`clipGradients: threshold must be a finite number > 0, got ${spec.threshold}`);
  }
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const normBefore = globalNorm(names.map((k) => grads[k]!));
    let clipped: Record<string, tf.Tensor>;
    switch (spec.mode) {
      case 'none':
        clipped = Object.fromEntries(names.map((k) => [k, tf.clone(grads[k]!)]));
        break;
      case 'value': {
        const c = spec.threshold;
        clipped = Object.fromEntries(names.map((k) => [k, tf.clipByValue(grads[k]!, -c, c)]));
        break;
      }
      case 'norm': {
        // min(1, c/‖g‖): 1 when ‖g‖ ≤ c (and when ‖g‖ = 0, where c/0 = ∞); a non-finite ‖g‖ stays non-finite
        // or zeroes the step, and the caller's divergence check sees normBefore.
        const scale = tf.minimum(1, tf.div(spec.threshold, normBefore));
        clipped = Object.fromEntries(names.map((k) => [k, tf.mul(grads[k]!, scale)]));
        break;
      }
    }
    const normAfter = spec.mode === 'none' ? tf.clone(normBefore) : globalNorm(names.map((k) => clipped[k]!));
    return { grads: clipped, normBefore, normAfter };
  });
}
