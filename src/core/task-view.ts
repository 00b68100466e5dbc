/**
 * What a network makes of its task at one step, for the figure that shows the task itself: the circle data and the
 * network's decision boundary (TensorFlow Playground's picture), or a regression's data and its fitted curve. No
 * tfjs here, so that figures and islands can read the grid's geometry; the predictions themselves are
 * src/core/boundary.ts.
 */
import { createRng } from './random';
import { circleTask, type Dataset } from './tasks';

/** Cells per side of the grid the boundary is sampled on: coarse, so that a live lab can afford it a few times a second. */
export const BOUNDARY_SIZE = 28;

/** The circle task's inputs lie in [−EXTENT, EXTENT]², and so does the grid. */
export const BOUNDARY_EXTENT = 1;

export interface BoundaryView {
  kind: 'boundary';
  /** The step whose weights made the prediction (0 before training). */
  step: number;
  /** Cells per side. */
  size: number;
  /**
   * The predicted probability of class 1 ("inside the circle") at the centre of every cell, row-major: row r holds
   * x₂ = cellCentre(r), rows from the bottom (x₂ = −1) up; column c holds x₁ = cellCentre(c).
   */
  grid: Float32Array;
  /** The share of the whole training set the network classifies correctly at this step. */
  accuracy: number;
}

export interface FitView {
  kind: 'fit';
  /** The step whose weights made the prediction (0 before training). */
  step: number;
  /** The training inputs as the network sees them (standardised, if the run standardises), in increasing order. */
  x: Float32Array;
  /** The network's prediction at each of them: its fitted curve over the data. */
  y: Float32Array;
}

/** Any picture of a task a session can give: a classifier's boundary, a regression's fitted curve. */
export type TaskView = BoundaryView | FitView;

/** The centre of cell i of `size` along one axis. */
export const cellCentre = (i: number, size: number) => BOUNDARY_EXTENT * (-1 + (2 * i + 1) / size);

/** The cells' centres as network inputs, row-major (x₁, x₂) pairs, in the order of BoundaryView.grid. */
export function boundaryInputs(size: number): Float32Array {
  const out = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      out[2 * (r * size + c)] = cellCentre(c, size);
      out[2 * (r * size + c) + 1] = cellCentre(r, size);
    }
  return out;
}

/**
 * The circle data set a run of `seed` learns from, without TensorFlow.js: the `mlp`, `network` and `pretraining`
 * experiments draw it from the first stream forked off the seed's generator.
 */
export function seededCircleTask(seed: number, n: number): Dataset {
  return circleTask(createRng(seed).fork(), n);
}
