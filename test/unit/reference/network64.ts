/**
 * An independent float64 forward pass of src/core/network.ts — dense layers, batch normalisation in training mode
 * (statistics of the batch itself, so that finite differences see how a weight moves μ_B and σ²_B), residual
 * blocks — and of the L1/L2 penalty. Used only by tests, to check tfjs's float32 gradients by finite differences.
 */
import type { Activation } from '../../../src/core/activations';

export interface Net64Layer {
  W: Float64Array; // fanIn × fanOut, row-major
  b: Float64Array | null;
  gamma: Float64Array | null;
  beta: Float64Array | null;
  fanIn: number;
  fanOut: number;
  block: { position: number; size: number } | null;
}

function dense(a: Float64Array, layer: Net64Layer, n: number): Float64Array {
  const z = new Float64Array(n * layer.fanOut);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < layer.fanOut; j++) {
      let s = layer.b ? layer.b[j]! : 0;
      for (let i = 0; i < layer.fanIn; i++) s += a[r * layer.fanIn + i]! * layer.W[i * layer.fanOut + j]!;
      z[r * layer.fanOut + j] = s;
    }
  }
  return z;
}

/** γ·(z − μ_B)/√(σ²_B + ε) + β per unit, with the biased batch variance (Ioffe & Szegedy 2015, Algorithm 1). */
function batchNorm(z: Float64Array, layer: Net64Layer, n: number, eps: number): Float64Array {
  const m = layer.fanOut;
  const out = new Float64Array(z.length);
  for (let j = 0; j < m; j++) {
    let mean = 0;
    for (let r = 0; r < n; r++) mean += z[r * m + j]!;
    mean /= n;
    let v = 0;
    for (let r = 0; r < n; r++) v += (z[r * m + j]! - mean) ** 2;
    v /= n;
    const inv = 1 / Math.sqrt(v + eps);
    for (let r = 0; r < n; r++) out[r * m + j] = layer.gamma![j]! * (z[r * m + j]! - mean) * inv + layer.beta![j]!;
  }
  return out;
}

export function networkForward64(
  layers: Net64Layer[],
  act: Activation,
  x: Float64Array,
  n: number,
  eps: number,
): Float64Array {
  let a = x;
  let blockInput = x;
  layers.forEach((layer, l) => {
    let z = dense(a, layer, n);
    if (l === layers.length - 1) {
      a = z;
      return;
    }
    if (layer.gamma) z = batchNorm(z, layer, n, eps);
    let out = z.map((v) => act.f(v));
    if (layer.block) {
      if (layer.block.position === 0) blockInput = a;
      if (layer.block.position === layer.block.size - 1) out = out.map((v, i) => v + blockInput[i]!);
    }
    a = out;
  });
  return a;
}

/** α₁·Σ|W| + α₂·ΣW². */
export function penalty64(weights: Float64Array[], l1: number, l2: number): number {
  let s = 0;
  for (const W of weights) for (const w of W) s += l1 * Math.abs(w) + l2 * w * w;
  return s;
}
