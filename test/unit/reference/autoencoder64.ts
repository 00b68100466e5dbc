/**
 * An independent float64 version of the pre-training experiment's reconstruction error (tied weights, decoder
 * bias at its least-squares optimum, error relative to the input's spread), for finite differences in tests.
 */
import type { Activation } from '../../../src/core/activations';

/** a: n × d row-major; W: d × m row-major; b: m. */
export function reconstruction64(
  a: Float64Array,
  n: number,
  d: number,
  W: Float64Array,
  b: Float64Array,
  m: number,
  act: Activation,
): number {
  const meanA = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) meanA[j]! += a[i * d + j]! / n;
  const h = new Float64Array(n * m);
  const meanH = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      let z = b[k]!;
      for (let j = 0; j < d; j++) z += a[i * d + j]! * W[j * m + k]!;
      h[i * m + k] = act.f(z);
      meanH[k]! += act.f(z) / n;
    }
  }
  let err = 0;
  let spread = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let r = 0;
      for (let k = 0; k < m; k++) r += (h[i * m + k]! - meanH[k]!) * W[j * m + k]!;
      const c = a[i * d + j]! - meanA[j]!;
      err += (r - c) ** 2;
      spread += c ** 2;
    }
  }
  return err / spread;
}
