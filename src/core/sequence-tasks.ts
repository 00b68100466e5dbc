/**
 * Long-range memory tasks for recurrent networks, generated from the seed like the feed-forward tasks in
 * tasks.ts. Each step of training draws a fresh batch of sequences, so there is no fixed data set to overfit:
 * the batch accuracy measures what the network can do, not what it has memorised.
 */
import type { Rng } from './random';

export interface RecallTaskSpec {
  /** Sequence length T: the cue at t = 1, then T − 1 distractors; the answer is due after step T. */
  length: number;
  /** Number of cue symbols K, i.e. of answers: chance accuracy is 1/K and chance loss ln K. */
  classes: number;
  /** Number of distractor symbols, drawn uniformly at every step after the cue. */
  distractors: number;
}

export interface SequenceBatch {
  /** Time-major one-hot inputs, T × size × inputDim (so that step t is one contiguous block). */
  x: Float32Array;
  /** One-hot targets, size × classes. */
  y: Float32Array;
  /** The answer of each sequence, 0 … classes − 1. */
  labels: Int32Array;
  length: number;
  size: number;
  inputDim: number;
  classes: number;
}

/** Cues and distractors are separate symbols, each one-hot: the input has classes + distractors channels. */
export const recallInputDim = (spec: RecallTaskSpec): number => spec.classes + spec.distractors;

/**
 * "Recall the first symbol": a cue symbol at t = 1, T − 1 random distractor symbols, and the network must name
 * the cue after the last step, so the cue's information has to survive T − 1 state transitions and the error
 * signal has to travel back as far. This is Hochreiter & Schmidhuber 1997's Experiment 2b (long time lags,
 * distractors drawn at random so that no local regularity gives the answer away), with K cues instead of two.
 */
export function recallBatch(spec: RecallTaskSpec, size: number, rng: Rng): SequenceBatch {
  const { length: T, classes: K, distractors: D } = spec;
  const inputDim = K + D;
  const x = new Float32Array(T * size * inputDim);
  const y = new Float32Array(size * K);
  const labels = new Int32Array(size);
  for (let r = 0; r < size; r++) {
    const cue = rng.int(K);
    labels[r] = cue;
    y[r * K + cue] = 1;
    x[r * inputDim + cue] = 1;
    for (let t = 1; t < T; t++) x[(t * size + r) * inputDim + K + rng.int(D)] = 1;
  }
  return { x, y, labels, length: T, size, inputDim, classes: K };
}
