/**
 * The dense layer z = a W + b as one differentiable op, with its backward pass written out beside it:
 *
 *   ∂L/∂a = δ Wᵀ,   ∂L/∂W = aᵀ δ,   ∂L/∂b = Σ_rows δ        (δ = ∂L/∂z)
 *
 * Why not let tfjs differentiate tf.matMul: its gradient asks for matMul(δ, W, false, true) and
 * matMul(a, δ, true, false), and the WebAssembly backend (tfjs-backend-wasm 4.22) runs a product with a transposed
 * operand as a plain scalar loop instead of XNNPACK's SIMD kernels — about a quarter of a deep network's step.
 * Transposing the operand first (a cheap copy) and multiplying untransposed matrices keeps every product on XNNPACK.
 * One tape node per layer instead of two (matMul, add) also saves tfjs bookkeeping.
 *
 * The values are the same products and sums, in another summation order: they agree with tf.matMul's gradient to
 * float32 rounding (the gradient tests check both against finite differences of a float64 network).
 */
import * as tf from './tf';

/**
 * The three parts of that backward pass, each as the ops above: dense's own gradient below, and the passes written out
 * without the tape (mlp.ts's backprop, recurrent.ts's backpropThroughTime), call these, so that they stay op for op
 * what the tape computes.
 */
export const denseGrad = {
  /** ∂L/∂a = δ Wᵀ. */
  input: (W: tf.Tensor2D, dz: tf.Tensor2D): tf.Tensor2D => tf.matMul(dz, tf.transpose(W)),
  /** ∂L/∂W = aᵀ δ. */
  weight: (a: tf.Tensor2D, dz: tf.Tensor2D): tf.Tensor2D => tf.matMul(tf.transpose(a), dz),
  /** ∂L/∂b = Σ_rows δ. */
  bias: (dz: tf.Tensor2D): tf.Tensor1D => tf.sum(dz, 0),
};

// tf.customGrad types its function loosely, (...inputs: (Tensor | GradSaveFunc)[]); these name the arguments.
type DenseFunc = Parameters<typeof tf.customGrad<tf.Tensor2D>>[0];

/**
 * What the backward pass needs: a, and W — saved (the tape copies a saved tensor) unless W is a variable, which
 * outlives the forward pass unchanged until the gradients are taken, and is read where it is. Saves a copy of every
 * weight matrix per step.
 */
function saveFor(save: tf.GradSaveFunc, a: tf.Tensor2D, W: tf.Tensor2D) {
  const live = W instanceof tf.Variable;
  save(live ? [a] : [a, W]);
  return (saved: tf.Tensor[]) => [saved[0] as tf.Tensor2D, live ? W : (saved[1] as tf.Tensor2D)] as const;
}

const withBias = tf.customGrad(((a: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  const restore = saveFor(save, a, W);
  return {
    value: tf.add<tf.Tensor2D>(tf.matMul(a, W), b),
    gradFunc: (dz: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [a, W] = restore(saved);
      return [denseGrad.input(W, dz), denseGrad.weight(a, dz), denseGrad.bias(dz)];
    },
  };
}) as DenseFunc);

const withoutBias = tf.customGrad(((a: tf.Tensor2D, W: tf.Tensor2D, save: tf.GradSaveFunc) => {
  const restore = saveFor(save, a, W);
  return {
    value: tf.matMul(a, W),
    gradFunc: (dz: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [a, W] = restore(saved);
      return [denseGrad.input(W, dz), denseGrad.weight(a, dz)];
    },
  };
}) as DenseFunc);

/** z = a W + b (or a W without a bias) for a batch a of rows: batch × fanIn times fanIn × fanOut. */
export function dense(a: tf.Tensor2D, W: tf.Tensor2D, b?: tf.Tensor1D | null): tf.Tensor2D {
  return b ? withBias(a, W, b) : withoutBias(a, W);
}
