/** Loss functions, as tensor expressions that tfjs differentiates. */
import * as tf from './tf';

/**
 * Mean binary cross-entropy of logits z against labels y ∈ {0, 1}, in the overflow-free form
 * max(z, 0) − z·y + log(1 + e^{−|z|}), which equals −y·log σ(z) − (1 − y)·log(1 − σ(z)).
 */
export function binaryCrossEntropyValue(logits: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, y)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
}

/**
 * Its gradient in the logits, (σ(z) − y)·dy/n, for an upstream gradient dy (a scalar tensor: 1 at the top of a
 * backward pass). Written out rather than left to tfjs, which would chain the derivatives of the eight ops above
 * (about fifteen kernels) to the same value.
 */
export function binaryCrossEntropyGrad(logits: tf.Tensor, y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sub(tf.sigmoid(logits), y), tf.div(dy, logits.size));
}

/** The same loss as one differentiable op for tfjs's tape, with binaryCrossEntropyGrad as its gradient. */
export function binaryCrossEntropyWithLogits(z: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const loss = tf.customGrad(((logits: tf.Tensor, save: tf.GradSaveFunc) => {
    save([logits, y]);
    return {
      value: binaryCrossEntropyValue(logits, y),
      gradFunc: (dy: tf.Tensor, [logits, labels]: tf.Tensor[]) => binaryCrossEntropyGrad(logits!, labels!, dy),
    };
  }) as Parameters<typeof tf.customGrad<tf.Scalar>>[0]);
  return loss(z);
}

/**
 * The fraction of examples a logit classifies right (z > 0 for label 1), from values read back: the same count
 * tf.greater and tf.equal would make, without five kernels.
 */
export function binaryAccuracy(logits: ArrayLike<number>, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if ((logits[i]! > 0 ? 1 : 0) === labels[i]) correct++;
  return correct / labels.length;
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
