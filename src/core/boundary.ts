/**
 * A classifier's decision boundary as its figure needs it: the predicted probability of class 1 on a coarse grid
 * over the inputs, and its accuracy on the whole training set, from one forward pass of both (one kernel chain,
 * one read-back). Called only when a view is asked for — when a report is drawn — never in the training step.
 */
import * as tf from './tf';
import { binaryAccuracy } from './losses';
import { readBack } from './norms';
import type { Dataset } from './tasks';
import { BOUNDARY_SIZE, boundaryInputs, type BoundaryView } from './task-view';

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
