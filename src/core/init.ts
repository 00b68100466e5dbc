/**
 * Weight initialisation schemes. The scale of the initial weights sets the per-layer gain of the backward
 * pass (δ_l = W_{l+1}ᵀ δ_{l+1} ⊙ σ′(z_l)), so it decides, together with the activation, whether gradients
 * shrink or grow with depth.
 *
 * Xavier/Glorot: Glorot & Bengio 2010 keep Var(W) = 2 / (fan_in + fan_out) so activations and gradients keep
 * their variance through a linear(ish) layer. He/Kaiming: He et al. 2015 use Var(W) = 2 / fan_in because ReLU
 * zeroes half of its inputs. LeCun: Var(W) = 1 / fan_in (LeCun et al. 1998, "Efficient BackProp").
 *
 * `zeros` and `constant` give every weight the same value, so every unit of a layer starts as the same function of
 * its inputs, receives the same gradient and stays the same (Goodfellow, Bengio & Courville 2016, §8.4, "break
 * symmetry"): they are offered to show why the other schemes draw at random.
 */
import type { Rng } from './random';
import type { InitScheme } from './catalog';

export { INIT_SCHEMES, type InitScheme } from './catalog';

export interface InitSpec {
  scheme: InitScheme;
  /**
   * σ for `normal`, the half-width a of U(−a, a) for `uniform`, every weight's value for `constant`; ignored by the
   * named schemes.
   */
  scale?: number;
}

/** The standard deviation a scheme gives a weight of a layer with this fan-in and fan-out. */
export function initStd(spec: InitSpec, fanIn: number, fanOut: number): number {
  const scale = spec.scale ?? 1;
  switch (spec.scheme) {
    case 'normal':
      return scale;
    case 'uniform':
      return scale / Math.sqrt(3);
    case 'xavier-normal':
    case 'xavier-uniform':
      return Math.sqrt(2 / (fanIn + fanOut));
    case 'he-normal':
    case 'he-uniform':
      return Math.sqrt(2 / fanIn);
    case 'lecun-normal':
      return Math.sqrt(1 / fanIn);
    case 'zeros':
    case 'constant':
      return 0;
  }
}

/** Draw a fanIn × fanOut weight matrix (row-major) from the scheme. */
export function sampleWeights(spec: InitSpec, fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const out = new Float32Array(fanIn * fanOut);
  if (spec.scheme === 'constant') return out.fill(spec.scale ?? 1);
  const std = initStd(spec, fanIn, fanOut);
  const uniform = spec.scheme === 'uniform' || spec.scheme.endsWith('-uniform');
  // U(−a, a) has standard deviation a/√3, so a = √3·std.
  const a = Math.sqrt(3) * std;
  for (let i = 0; i < out.length; i++) {
    out[i] = std === 0 ? 0 : uniform ? (2 * rng.uniform() - 1) * a : rng.normal() * std;
  }
  return out;
}
