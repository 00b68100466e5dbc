/**
 * An independent float64 forward pass of the core's MLP, used only by tests: finite differences of this
 * function check the gradients tfjs computes in float32 (a float32 difference quotient would drown small
 * gradients in rounding error).
 */
import type { Activation } from '../../../src/core/activations';

export interface Layer64 {
  W: Float64Array; // fanIn × fanOut, row-major
  b: Float64Array;
  fanIn: number;
  fanOut: number;
}

export function forward64(layers: Layer64[], act: Activation, x: Float64Array, n: number): Float64Array {
  let a = x;
  layers.forEach((layer, l) => {
    const z = new Float64Array(n * layer.fanOut);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < layer.fanOut; j++) {
        let s = layer.b[j]!;
        for (let i = 0; i < layer.fanIn; i++) s += a[r * layer.fanIn + i]! * layer.W[i * layer.fanOut + j]!;
        z[r * layer.fanOut + j] = l === layers.length - 1 ? s : act.f(s);
      }
    }
    a = z;
  });
  return a;
}

/** Mean binary cross-entropy with logits, the same stable form as src/core/losses.ts. */
export function bce64(z: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i]!;
    s += Math.max(zi, 0) - zi * y[i]! + Math.log1p(Math.exp(-Math.abs(zi)));
  }
  return s / z.length;
}
