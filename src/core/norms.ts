/**
 * Norms of tensors computed in JavaScript from their values read back, instead of a tf.norm (several kernels) per
 * tensor.
 *
 * The sums run in float64 over float32 values, which is also what keeps deep networks' norms right: a gradient
 * whose elements are around 1e-20 — a first layer 30 sigmoid layers deep — squares to 1e-40, below float32's
 * normal range, so a float32 norm comes out as 0 or loses its digits. In float64 the square of any float32 is
 * exact (24-bit mantissas, 48-bit products) and far from underflow (the smallest float32 squares to about 2e-90,
 * the smallest float64 normal is 2.2e-308), so no rescaling is needed.
 */
import * as tf from './tf';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Σ v² over values[from, to), in float64. */
export function sumOfSquares(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]! * values[i]!;
  return sum;
}

/**
 * √(Σ v²) from a sum of squares, with the experiments' overflow rule: a sum of squares beyond float32's range
 * counts as overflowed (+∞), as it did when the norms were computed in float32 with tf.norm. The float64 sum
 * itself would not overflow; the rule keeps each run's divergence (the step a run stops, and whether the loss or
 * the gradient overflowed) where it was, and where the chapters quote it.
 */
export function normFromSquares(sumSq: number): number {
  return Math.fround(sumSq) === Infinity ? Infinity : Math.sqrt(sumSq);
}

/** ‖v‖₂ of values[from, to) with the overflow rule of normFromSquares. */
export function float64Norm(values: ArrayLike<number>, from = 0, to = values.length): number {
  return normFromSquares(sumOfSquares(values, from, to));
}

/**
 * The values of the tensors a step reports or updates from, all read back at one point of the step. On the wasm and
 * cpu backends reading a tensor runs no kernel and waits for nothing: reading each one costs less than
 * concatenating them first, a reshape per tensor and a concat, as a GPU backend would want. On wasm, tfjs's
 * dataSync() would copy each tensor into an ArrayBuffer of its own — some eighty per step of a 20-layer network,
 * and in a browser's Worker their allocation and sweeping cost more than the copies — so the values are copied
 * from WebAssembly memory into one buffer and handed out as views of it. The arrays are the caller's to read, not
 * to change; they stay valid after the tensors are freed.
 */
export function readBack(tensors: readonly tf.Tensor[]): Float32Array[] {
  const backend = tf.backend();
  if (!(backend instanceof BackendWasm)) return tensors.map((t) => t.dataSync() as Float32Array);
  let total = 0;
  for (const t of tensors) if (t.dtype === 'float32') total += t.size;
  const all = new Float32Array(total);
  let at = 0;
  return tensors.map((t) => {
    if (t.dtype !== 'float32') return t.dataSync() as Float32Array;
    const values = all.subarray(at, (at += t.size));
    values.set(backend.typedArrayFromHeap(t) as Float32Array);
    return values;
  });
}
