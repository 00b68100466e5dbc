/**
 * Frobenius norms of many tensors in a handful of kernels. A step of a 64-layer network needs the norms of about
 * 130 tensors (weights, gradients); one tf.norm each costs several kernel launches apiece, which on the wasm
 * backend costs more than the arithmetic. Tensors of the same shape are stacked and reduced together.
 */
import * as tf from './tf';

/** [Σ t_0², Σ t_1², …] in the order given. */
export function sumsOfSquares(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(() => {
    if (tensors.length === 0) return tf.zeros([0]) as tf.Tensor1D;
    const groups = new Map<string, number[]>();
    tensors.forEach((t, i) => {
      const key = t.shape.join('x');
      const group = groups.get(key);
      if (group) group.push(i);
      else groups.set(key, [i]);
    });
    const sums: tf.Tensor[] = [];
    const order: number[] = [];
    for (const indices of groups.values()) {
      const stacked = tf.stack(indices.map((i) => tensors[i]!));
      const innerAxes = Array.from({ length: stacked.rank - 1 }, (_, k) => k + 1);
      sums.push(innerAxes.length === 0 ? tf.square(stacked) : tf.sum(tf.square(stacked), innerAxes));
      order.push(...indices);
    }
    if (sums.length === 1 && order.every((i, k) => i === k)) return sums[0] as tf.Tensor1D;
    // `order[k]` is the tensor whose sum sits at position k; invert it to put them back in the caller's order.
    const position = new Array<number>(tensors.length);
    order.forEach((i, k) => (position[i] = k));
    return tf.gather(tf.concat(sums), tf.tensor1d(position, 'int32')) as tf.Tensor1D;
  });
}

/** [‖t_0‖_F, ‖t_1‖_F, …] in the order given. */
export function frobeniusNorms(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(sumsOfSquares(tensors)));
}
