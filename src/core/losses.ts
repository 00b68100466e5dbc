/** Loss functions, as tensor expressions that tfjs differentiates. */
import * as tf from './tf';

/**
 * Mean binary cross-entropy of logits z against labels y ∈ {0, 1}, in the overflow-free form
 * max(z, 0) − z·y + log(1 + e^{−|z|}), which equals −y·log σ(z) − (1 − y)·log(1 − σ(z)).
 */
export function binaryCrossEntropyWithLogits(z: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))),
  ) as tf.Scalar;
}

/** Mean squared error, ½·mean((ŷ − y)²) so that its gradient in ŷ is (ŷ − y)/n. */
export function meanSquaredError(yHat: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(yHat, y))))) as tf.Scalar;
}
