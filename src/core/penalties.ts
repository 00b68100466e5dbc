/**
 * Weight penalties added to the data loss: L1, α₁·Σ_l ‖W_l‖₁ (Tibshirani 1996's lasso), and L2,
 * α₂·Σ_l ‖W_l‖_F² (weight decay; with plain SGD it is the update W ← (1 − 2ηα₂)·W − η·∂D/∂W). Only weight
 * matrices are penalised, not biases or batch-norm γ/β. Their gradients, α₁·sign(W) (away from W = 0) and 2α₂·W,
 * are simple enough to state in closed form: the report uses them to split the gradient into its data and
 * penalty parts without a second backward pass.
 */
import * as tf from './tf';

export interface PenaltyWeights {
  l1: number;
  l2: number;
}

/** α₁·Σ‖W‖₁ + α₂·Σ‖W‖_F²; tfjs differentiates it. Terms with a zero coefficient are left out. */
export function weightPenalty(weights: readonly tf.Tensor[], { l1, l2 }: PenaltyWeights): tf.Scalar {
  return tf.tidy(() => {
    const terms: tf.Tensor[] = [];
    for (const W of weights) {
      if (l1 > 0) terms.push(tf.mul(l1, tf.sum(tf.abs(W))));
      if (l2 > 0) terms.push(tf.mul(l2, tf.sum(tf.square(W))));
    }
    return terms.length === 0 ? tf.scalar(0) : tf.addN(terms);
  }) as tf.Scalar;
}

/**
 * Each layer's gradient g = ∂D/∂W + ∂P/∂W split into its data and penalty parts, from values read back (float64):
 * ‖∂P/∂W‖ with ∂P/∂W = α₁·sign(W) + 2α₂·W, and the penalty's share ‖∂P/∂W‖ / (‖g − ∂P/∂W‖ + ‖∂P/∂W‖), 0 where
 * both are 0. Without penalties both are 0 for every layer.
 */
export function penaltySplit(
  grads: readonly ArrayLike<number>[],
  weights: readonly ArrayLike<number>[],
  { l1, l2 }: PenaltyWeights,
): { penaltyGradNorms: number[]; penaltyShare: number[] } {
  const penaltyGradNorms: number[] = [];
  const penaltyShare: number[] = [];
  grads.forEach((g, l) => {
    const w = weights[l]!;
    let penaltySq = 0;
    let dataSq = 0;
    if (l1 > 0 || l2 > 0) {
      for (let i = 0; i < w.length; i++) {
        const p = l1 * Math.sign(w[i]!) + 2 * l2 * w[i]!;
        penaltySq += p * p;
        dataSq += (g[i]! - p) ** 2;
      }
    }
    const penalty = Math.sqrt(penaltySq);
    const total = Math.sqrt(dataSq) + penalty;
    penaltyGradNorms.push(penalty);
    penaltyShare.push(total > 0 ? penalty / total : 0);
  });
  return { penaltyGradNorms, penaltyShare };
}
