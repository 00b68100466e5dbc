/**
 * The floor: the matrix products of one `mlp` training step and nothing else, timed the fastest two ways this
 * platform offers — bare tfjs matMuls on the wasm backend (XNNPACK's SIMD kernels) and plain Float32Array loops.
 *
 * Why it is a floor. Any implementation of the step multiplies these matrices: for each of the `depth` layers the
 * forward product a·W and the weight gradient aᵀ·δ, and for every layer but the first the gradient passed down,
 * δ·Wᵀ (3·depth − 1 products, about 3.6 million multiply-adds at depth 20, width 32, batch 64). Here they run
 * with nothing around them: no activation, loss, bias, norm or update, no autodiff tape, every operand allocated
 * (and transposed) once beforehand, and on tfjs the same weight tensors every time, so that XNNPACK keeps their
 * packed copies instead of packing fresh weights as a real step must. A step computed with tfjs or in JavaScript
 * cannot take less time than the faster of the two, so the step's ratio to it says how much is left to gain.
 */
import * as tf from '../src/core/tf';

export interface FloorConfig {
  depth: number;
  width: number;
  batchSize: number;
}

export interface Floor {
  /** The products as tfjs matMuls, one kernel each, outputs freed at once. */
  tfjs(): void;
  /** The products as i-k-j loops over Float32Arrays, as the reference (reference-mlp.ts) computes them. */
  js(): void;
  dispose(): void;
}

/** Shapes of the circle task's network: 2 inputs, `depth` layers of `width` units, 1 logit. */
export function createFloor({ depth, width, batchSize: n }: FloorConfig): Floor {
  const fanIn = (l: number) => (l === 0 ? 2 : width);
  const fanOut = (l: number) => (l === depth - 1 ? 1 : width);
  // Values in (−1, 1), away from subnormals, which would slow the loops for no reason a real step shares.
  let seed = 1;
  const fill = (size: number) =>
    Float32Array.from({ length: size }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
  const layers = Array.from({ length: depth }, (_, l) => {
    const [fi, fo] = [fanIn(l), fanOut(l)];
    return {
      fi,
      fo,
      a: fill(n * fi),
      w: fill(fi * fo),
      delta: fill(n * fo),
      z: new Float32Array(n * fo),
      gw: new Float32Array(fi * fo),
      back: new Float32Array(n * fi),
    };
  });

  const tensors = layers.map(({ fi, fo, a, w, delta }) => {
    const [at, wt] = [tf.tensor2d(a, [n, fi]), tf.tensor2d(w, [fi, fo])];
    return { a: at, w: wt, delta: tf.tensor2d(delta, [n, fo]), aT: tf.transpose(at), wT: tf.transpose(wt) };
  });

  const tfjs = () => {
    tensors.forEach((t, l) => {
      tf.matMul(t.a, t.w).dispose();
      tf.matMul(t.aT, t.delta).dispose();
      if (l > 0) tf.matMul(t.delta, t.wT).dispose();
    });
  };

  const js = () => {
    for (let l = 0; l < depth; l++) {
      const { fi, fo, a, w, delta, z, gw, back } = layers[l]!;
      // z = a W
      z.fill(0);
      for (let r = 0; r < n; r++) {
        for (let k = 0; k < fi; k++) {
          const ark = a[r * fi + k]!;
          for (let j = 0; j < fo; j++) z[r * fo + j] = z[r * fo + j]! + ark * w[k * fo + j]!;
        }
      }
      // ∂L/∂W = aᵀ δ
      gw.fill(0);
      for (let r = 0; r < n; r++) {
        for (let k = 0; k < fi; k++) {
          const ark = a[r * fi + k]!;
          for (let j = 0; j < fo; j++) gw[k * fo + j] = gw[k * fo + j]! + ark * delta[r * fo + j]!;
        }
      }
      // ∂L/∂a = δ Wᵀ
      if (l > 0) {
        for (let r = 0; r < n; r++) {
          for (let k = 0; k < fi; k++) {
            let s = 0;
            for (let j = 0; j < fo; j++) s += delta[r * fo + j]! * w[k * fo + j]!;
            back[r * fi + k] = s;
          }
        }
      }
    }
  };

  return { tfjs, js, dispose: () => tensors.forEach((t) => tf.dispose(Object.values(t))) };
}
