/**
 * The update rules the course compares. Each one keeps whatever state it needs (velocity, moments) per
 * variable, keyed by the variable's name, in tfjs variables that `dispose()` frees.
 *
 * - SGD: θ ← θ − η·g.
 * - Momentum (Polyak's heavy ball, in the form tfjs, PyTorch and Sutskever et al. 2013 use):
 *   u ← μ·u + g, θ ← θ − η·u. With a constant η it is the same as u ← μ·u − η·g, θ ← θ + u.
 * - Adam (Kingma & Ba 2015, Algorithm 1): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
 *   θ ← θ − η·m̂ / (√v̂ + ε) with the bias corrections m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ).
 */
import * as tf from './tf';

export type OptimizerSpec =
  | { kind: 'sgd'; learningRate: number }
  | { kind: 'momentum'; learningRate: number; momentum: number }
  | { kind: 'adam'; learningRate: number; beta1?: number; beta2?: number; epsilon?: number };

export type OptimizerKind = OptimizerSpec['kind'];

/** Values a step has already read back: for each variable of `vars`, in that order, its gradient and its value. */
export interface ReadValues {
  grads: readonly ArrayLike<number>[];
  params: readonly ArrayLike<number>[];
}

export interface Optimizer {
  /**
   * Update `vars` in place from `grads` (keyed by variable name). Call inside or outside tf.tidy. A step that has
   * read the gradients and the variables back anyway passes them as `read`: SGD then computes the update from them
   * in JavaScript, in float32 arithmetic, and only uploads the results (the other rules ignore `read`).
   */
  apply(grads: Record<string, tf.Tensor>, vars: readonly tf.Variable[], read?: ReadValues): void;
  setLearningRate(lr: number): void;
  /** Frees moment/velocity state; a later `apply` starts again from zero state. */
  dispose(): void;
}

/** Kingma & Ba 2015's defaults. */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

function checkLearningRate(lr: number): number {
  if (!Number.isFinite(lr) || lr < 0)
    throw new Error(`optimizer: learning rate must be a finite number ≥ 0, got ${lr}`);
  return lr;
}

function gradFor(grads: Record<string, tf.Tensor>, v: tf.Variable): tf.Tensor {
  const g = grads[v.name];
  if (!g) throw new Error(`optimizer: no gradient for variable "${v.name}"`);
  return g;
}

/**
 * θ − η·g in float32 arithmetic: each product and difference rounded to float32, as tf.mul and tf.sub round them
 * (a float64 operation rounded to float32 is the correctly rounded float32 operation), so the result is bit for
 * bit what the two kernels compute — without running them.
 */
export function sgdStep(
  theta: ArrayLike<number>,
  g: ArrayLike<number>,
  lr: number,
  out: Float32Array = new Float32Array(theta.length),
): Float32Array {
  const eta = Math.fround(lr);
  for (let i = 0; i < out.length; i++) out[i] = theta[i]! - Math.fround(g[i]! * eta);
  return out;
}

/** A zero tensor shaped like `v`, kept across steps (variables are not freed by tf.tidy). */
const zeroState = (v: tf.Variable) => tf.variable(tf.zerosLike(v), false);

export function createOptimizer(spec: OptimizerSpec): Optimizer {
  let lr = checkLearningRate(spec.learningRate);
  switch (spec.kind) {
    case 'sgd': {
      // The wasm backend copies a new tensor's values into WebAssembly memory, so the same array per variable can
      // take every step's update: a fresh Float32Array per variable per step (two per layer) costs the Worker more
      // in allocation and garbage collection than the update's arithmetic. Other backends keep the array they are
      // given as the tensor's storage: those get a new one each step.
      const buffers = new Map<string, Float32Array>();
      const bufferFor = (v: tf.Variable) => {
        if (tf.getBackend() !== 'wasm') return undefined;
        let buffer = buffers.get(v.name);
        if (!buffer || buffer.length !== v.size) buffers.set(v.name, (buffer = new Float32Array(v.size)));
        return buffer;
      };
      return {
        apply: (grads, vars, read) =>
          tf.tidy(() => {
            if (read) {
              vars.forEach((v, i) =>
                v.assign(tf.tensor(sgdStep(read.params[i]!, read.grads[i]!, lr, bufferFor(v)), v.shape)),
              );
              return;
            }
            // One scalar tensor for η, not one per variable.
            const rate = tf.scalar(lr);
            for (const v of vars) v.assign(tf.sub(v, tf.mul(gradFor(grads, v), rate)));
          }),
        setLearningRate: (next) => {
          lr = checkLearningRate(next);
        },
        dispose: () => buffers.clear(),
      };
    }

    case 'momentum': {
      const mu = spec.momentum;
      if (!(mu >= 0 && mu < 1)) throw new Error(`optimizer: momentum must lie in [0, 1), got ${mu}`);
      const velocity = new Map<string, tf.Variable>();
      return {
        apply: (grads, vars) =>
          tf.tidy(() => {
            const [momentum, rate] = [tf.scalar(mu), tf.scalar(lr)];
            for (const v of vars) {
              const g = gradFor(grads, v);
              let u = velocity.get(v.name);
              if (!u) velocity.set(v.name, (u = zeroState(v)));
              u.assign(tf.add(tf.mul(u, momentum), g));
              v.assign(tf.sub(v, tf.mul(u, rate)));
            }
          }),
        setLearningRate: (next) => {
          lr = checkLearningRate(next);
        },
        dispose: () => {
          velocity.forEach((u) => u.dispose());
          velocity.clear();
        },
      };
    }

    case 'adam': {
      const beta1 = spec.beta1 ?? ADAM_DEFAULTS.beta1;
      const beta2 = spec.beta2 ?? ADAM_DEFAULTS.beta2;
      const epsilon = spec.epsilon ?? ADAM_DEFAULTS.epsilon;
      if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
        throw new Error(`optimizer: Adam's β₁ and β₂ must lie in [0, 1), got ${beta1} and ${beta2}`);
      }
      if (!(epsilon > 0)) throw new Error(`optimizer: Adam's ε must be > 0, got ${epsilon}`);
      // The step count t is kept per variable, so a variable first updated late still gets the full bias correction.
      const state = new Map<string, { m: tf.Variable; v: tf.Variable; t: number }>();
      return {
        apply: (grads, vars) =>
          tf.tidy(() => {
            for (const p of vars) {
              const g = gradFor(grads, p);
              let s = state.get(p.name);
              if (!s) state.set(p.name, (s = { m: zeroState(p), v: zeroState(p), t: 0 }));
              s.t += 1;
              s.m.assign(tf.add(tf.mul(s.m, beta1), tf.mul(g, 1 - beta1)));
              s.v.assign(tf.add(tf.mul(s.v, beta2), tf.mul(tf.square(g), 1 - beta2)));
              // The bias corrections are computed in float64 and enter as scalars.
              const mHat = tf.div(s.m, 1 - beta1 ** s.t);
              const vHat = tf.div(s.v, 1 - beta2 ** s.t);
              p.assign(tf.sub(p, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), lr)));
            }
          }),
        setLearningRate: (next) => {
          lr = checkLearningRate(next);
        },
        dispose: () => {
          state.forEach((s) => tf.dispose([s.m, s.v]));
          state.clear();
        },
      };
    }
  }
}
