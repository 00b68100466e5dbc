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

/**
 * The Huber loss (Huber 1964, "Robust estimation of a location parameter"), mean over elements: ½r² for
 * |r| ≤ δ and δ·(|r| − ½δ) beyond, r = ŷ − y. Its gradient in ŷ is r clipped to [−δ, δ] (over n): the MSE's
 * near zero, so the two agree on well-fitted points, but an outlier pulls with at most δ instead of with its
 * whole residual. With δ → ∞ it is meanSquaredError.
 */
export function huberLoss(yHat: tf.Tensor, y: tf.Tensor, delta: number): tf.Scalar {
  return tf.tidy(() => {
    const r = tf.abs(tf.sub(yHat, y));
    // q = min(|r|, δ): ½q² + δ(|r| − q) is ½r² inside and ½δ² + δ(|r| − δ) = δ(|r| − ½δ) outside.
    const q = tf.minimum(r, delta);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(q)), tf.mul(delta, tf.sub(r, q))));
  }) as tf.Scalar;
}
