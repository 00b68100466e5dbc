/**
 * What a network makes of its task, for the figure of the task. A classifier's decision boundary as its figure needs it: the predicted probability of class 1 on a coarse grid
 * over the inputs, and its accuracy on the whole training set, from one forward pass of both (one kernel chain,
 * one read-back). Called only when a view is asked for — when a report is drawn — never in the training step.
 */
import * as tf from './tf';
import { binaryAccuracy } from './losses';
import { readBack } from './norms';
import type { Dataset } from './tasks';
import { BOUNDARY_SIZE, boundaryInputs, type BoundaryView, type FitView } from './task-view';

/** `logits` maps n × 2 inputs to n × 1 logits (the network's forward pass in inference mode). */
export function boundaryView(
  logits: (x: tf.Tensor2D) => tf.Tensor2D,
  data: Dataset,
  step: number,
  size = BOUNDARY_SIZE,
): BoundaryView {
  const cells = size * size;
  const inputs = new Float32Array((cells + data.n) * 2);
  inputs.set(boundaryInputs(size));
  inputs.set(data.x, cells * 2);
  const z = tf.tidy(() => logits(tf.tensor2d(inputs, [cells + data.n, 2])));
  let values: Float32Array;
  try {
    [values] = readBack([z]) as [Float32Array];
  } finally {
    z.dispose();
  }
  const grid = new Float32Array(cells);
  // σ(z) in float64, then stored in float32: the same value tf.sigmoid gives, to float32 rounding.
  for (let i = 0; i < cells; i++) grid[i] = 1 / (1 + Math.exp(-values[i]!));
  return { kind: 'boundary', step, size, grid, accuracy: binaryAccuracy(values.subarray(cells), data.y) };
}

/**
 * A one-input regression's fitted curve: the network's prediction at every training input, in increasing order of
 * the input (one forward pass over the data set).
 */
export function fitView(predict: (x: tf.Tensor2D) => tf.Tensor2D, inputs: Float32Array, step: number): FitView {
  const x = Float32Array.from(inputs).sort();
  const yHat = tf.tidy(() => predict(tf.tensor2d(x, [x.length, 1])));
  try {
    const [y] = readBack([yHat]) as [Float32Array];
    return { kind: 'fit', step, x, y: Float32Array.from(y) };
  } finally {
    yHat.dispose();
  }
}
