/**
 * The yardstick: the `mlp` experiment's training step written by hand over Float32Arrays, with no tfjs — forward,
 * cross-entropy, backward, per-layer gradient norms and the SGD update, for the same shape, the same seeded data,
 * the same initial weights and the same batches as src/core/experiments/mlp.ts. The bench times it next to the
 * core so that every ratio it prints compares the two on the same machine, in the same run.
 *
 * It is written the way a careful engineer would write it without SIMD: buffers allocated once, matrix products
 * in i-k-j order so that the innermost loop walks both arrays contiguously. Arithmetic is in doubles and stored as
 * float32, so its losses agree with the core's to about 1e-6 (the bench prints the largest difference).
 */
import { createRng } from '../src/core/random';
import { sampleWeights } from '../src/core/init';
import { circleTask, sampleBatch } from '../src/core/tasks';
import { DATASET_SIZE } from '../src/core/experiments/mlp.config';

export interface ReferenceConfig {
  depth: number;
  width: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface ReferenceStep {
  loss: number;
  accuracy: number;
  gradNorms: Float64Array;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** A sigmoid MLP with 2 inputs and 1 logit, Xavier-normal weights and zero biases, as the core builds it. */
export function createReferenceMlp(config: ReferenceConfig) {
  const { depth, width, batchSize: n, learningRate } = config;
  // The same stream order as createMlpSession: data, weights, batches.
  const rng = createRng(config.seed);
  const dataRng = rng.fork();
  const weightRng = rng.fork();
  const batchRng = rng.fork();
  const data = circleTask(dataRng, DATASET_SIZE);

  const fanIn = (l: number) => (l === 0 ? 2 : width);
  const fanOut = (l: number) => (l === depth - 1 ? 1 : width);
  const W = Array.from({ length: depth }, (_, l) =>
    sampleWeights({ scheme: 'xavier-normal' }, fanIn(l), fanOut(l), weightRng),
  );
  const b = Array.from({ length: depth }, (_, l) => new Float32Array(fanOut(l)));
  const dW = W.map((w) => new Float32Array(w.length));
  const db = b.map((v) => new Float32Array(v.length));
  // acts[0] is the batch input; acts[l + 1] is layer l's output (the last one holds the logits).
  const acts = [new Float32Array(n * 2), ...Array.from({ length: depth }, (_, l) => new Float32Array(n * fanOut(l)))];
  // delta holds ∂L/∂z of the layer being back-propagated; back is ∂L/∂a of the layer below it.
  const delta = new Float32Array(n * width);
  const back = new Float32Array(n * width);
  const gradNorms = new Float64Array(depth);

  const step = (): ReferenceStep => {
    const batch = sampleBatch(data, n, batchRng);
    acts[0]!.set(batch.x);

    // Forward: z = a W + b, a' = σ(z) below the output layer.
    for (let l = 0; l < depth; l++) {
      const a = acts[l]!;
      const z = acts[l + 1]!;
      const w = W[l]!;
      const bias = b[l]!;
      const fi = fanIn(l);
      const fo = fanOut(l);
      const hidden = l < depth - 1;
      for (let r = 0; r < n; r++) {
        const zr = r * fo;
        for (let j = 0; j < fo; j++) z[zr + j] = bias[j]!;
        for (let k = 0; k < fi; k++) {
          const ark = a[r * fi + k]!;
          const wk = k * fo;
          for (let j = 0; j < fo; j++) z[zr + j] = z[zr + j]! + ark * w[wk + j]!;
        }
        if (hidden) for (let j = 0; j < fo; j++) z[zr + j] = sigmoid(z[zr + j]!);
      }
    }

    // Cross-entropy of the logits, max(z,0) − z·y + log(1 + e^{−|z|}); its gradient in z is (σ(z) − y)/n.
    const logits = acts[depth]!;
    let loss = 0;
    let correct = 0;
    for (let r = 0; r < n; r++) {
      const z = logits[r]!;
      const y = batch.y[r]!;
      loss += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      if ((z > 0 ? 1 : 0) === y) correct++;
      delta[r] = (sigmoid(z) - y) / n;
    }

    // Backward: dW = aᵀ δ, db = Σ_r δ, ∂L/∂a = δ Wᵀ, and δ of the layer below = ∂L/∂a ⊙ a(1 − a).
    for (let l = depth - 1; l >= 0; l--) {
      const a = acts[l]!;
      const w = W[l]!;
      const gw = dW[l]!;
      const gb = db[l]!;
      const fi = fanIn(l);
      const fo = fanOut(l);
      gw.fill(0);
      gb.fill(0);
      for (let r = 0; r < n; r++) {
        const dr = r * fo;
        for (let j = 0; j < fo; j++) gb[j] = gb[j]! + delta[dr + j]!;
        for (let k = 0; k < fi; k++) {
          const ark = a[r * fi + k]!;
          const wk = k * fo;
          for (let j = 0; j < fo; j++) gw[wk + j] = gw[wk + j]! + ark * delta[dr + j]!;
        }
      }
      let sq = 0;
      for (let i = 0; i < gw.length; i++) sq += gw[i]! * gw[i]!;
      gradNorms[l] = Math.sqrt(sq);
      if (l > 0) {
        for (let r = 0; r < n; r++) {
          const dr = r * fo;
          for (let k = 0; k < fi; k++) {
            const wk = k * fo;
            let s = 0;
            for (let j = 0; j < fo; j++) s += delta[dr + j]! * w[wk + j]!;
            const ark = a[r * fi + k]!;
            back[r * fi + k] = s * ark * (1 - ark);
          }
        }
        delta.set(back.subarray(0, n * fi));
      }
    }

    // The update comes after every gradient is known: the backward pass above read the old weights.
    for (let l = 0; l < depth; l++) {
      const w = W[l]!;
      const gw = dW[l]!;
      for (let i = 0; i < w.length; i++) w[i] = w[i]! - learningRate * gw[i]!;
      const bias = b[l]!;
      const gb = db[l]!;
      for (let i = 0; i < bias.length; i++) bias[i] = bias[i]! - learningRate * gb[i]!;
    }
    return { loss: loss / n, accuracy: correct / n, gradNorms };
  };

  return { step };
}
