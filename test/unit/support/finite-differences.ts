/**
 * The gradient check every core test uses: central differences of a float64 loss, one parameter at a time,
 * compared with the float32 gradient tfjs computed. Float64 keeps the difference quotient accurate for the
 * tiny gradients of deep layers, where a float32 quotient would be all rounding error.
 */

/** Central-difference gradient of `loss` with respect to `param`, which is perturbed in place and restored. */
export function finiteDifferenceGradient(param: Float64Array, loss: () => number, eps = 1e-6): Float64Array {
  const fd = new Float64Array(param.length);
  for (let i = 0; i < param.length; i++) {
    const keep = param[i]!;
    param[i] = keep + eps;
    const up = loss();
    param[i] = keep - eps;
    const down = loss();
    param[i] = keep;
    fd[i] = (up - down) / (2 * eps);
  }
  return fd;
}

/** ‖g − g_ref‖ / ‖g_ref‖ (with a floor on the denominator for all-zero references). */
export function relativeError(g: ArrayLike<number>, reference: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < reference.length; i++) {
    diff += (g[i]! - reference[i]!) ** 2;
    norm += reference[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
}

/** The relative error of `grad` against finite differences of `loss` in `param`. */
export function gradientError(param: Float64Array, grad: ArrayLike<number>, loss: () => number, eps = 1e-6): number {
  return relativeError(grad, finiteDifferenceGradient(param, loss, eps));
}
