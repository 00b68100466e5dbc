/**
 * Small synthetic tasks, generated from the seed so that every run of the same seed sees the same data.
 * They are deliberately easy: the course is about whether gradients reach the early layers, not about the data.
 */
import type { Rng } from './random';

export interface Dataset {
  /** Row-major inputs, n × inputDim. */
  x: Float32Array;
  /** Row-major targets, n × outputDim. */
  y: Float32Array;
  n: number;
  inputDim: number;
  outputDim: number;
}

export interface Batch {
  x: Float32Array;
  y: Float32Array;
  size: number;
}

/** Radius² of the circle in `circleTask`: π·0.5/4 ≈ 39% of the square lies inside, a fair balance. */
const CIRCLE_R2 = 0.5;

/**
 * Points uniform in [−1, 1]², labelled 1 inside the circle x² + y² < 0.5 and 0 outside — the "circle" data set
 * of TensorFlow Playground. Not linearly separable, so the hidden layers have something to learn.
 */
export function circleTask(rng: Rng, n = 512): Dataset {
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = 2 * rng.uniform() - 1;
    const b = 2 * rng.uniform() - 1;
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = a * a + b * b < CIRCLE_R2 ? 1 : 0;
  }
  return { x, y, n, inputDim: 2, outputDim: 1 };
}

/** A minibatch drawn with replacement; the rng decides which rows, so the batch sequence is seeded too. */
export function sampleBatch(ds: Dataset, size: number, rng: Rng): Batch {
  const x = new Float32Array(size * ds.inputDim);
  const y = new Float32Array(size * ds.outputDim);
  for (let r = 0; r < size; r++) {
    const i = rng.int(ds.n);
    x.set(ds.x.subarray(i * ds.inputDim, (i + 1) * ds.inputDim), r * ds.inputDim);
    y.set(ds.y.subarray(i * ds.outputDim, (i + 1) * ds.outputDim), r * ds.outputDim);
  }
  return { x, y, size };
}
