/**
 * The data of the LSTM chapter's "recall accuracy as the lag grows" figure: for each sequence length T, an RNN
 * and an LSTM of the same seed (hence the same sequences and the same readout weights) are trained for the same
 * number of steps, and the accuracy they reach is read off. Every number comes from real `sequence` sessions, so
 * a reader who opens the live experiment with one of these settings sees the same run.
 */
import { runSteps } from '../experiment';
import { createSequenceSession, sequenceConfigSchema, type SequenceConfig } from './sequence';
import { CELL_KINDS } from './sequence.config';

export interface RecallCurveOptions {
  lengths: readonly number[];
  /** Training steps per run. */
  steps: number;
  /**
   * Accuracy is averaged over the last `window` steps' batches. Each batch is fresh data scored before its update,
   * so this is a held-out estimate over window × batchSize sequences, not a training-set score.
   */
  window?: number;
  /**
   * Seeds to average over (default: the config's seed). One seed can mislead: whether a run escapes chance within
   * a fixed budget depends on its draw, so a figure should show the spread.
   */
  seeds?: readonly number[];
  /** Everything else of the runs (sizes, optimizer, forget bias, …); `cell`, `length` and `seed` are set here. */
  config?: Partial<Omit<SequenceConfig, 'cell' | 'length' | 'seed'>> & { seed?: number };
}

export interface RecallCurvePoint {
  length: number;
  rnn: RecallOutcome;
  lstm: RecallOutcome;
}

export interface RecallOutcome {
  /** Mean over seeds of the accuracy over the last `window` steps (chance: 1/K). */
  accuracy: number;
  /** Mean over seeds of the loss over the same steps (chance: ln K). */
  loss: number;
  /** The accuracy of each seed, in the order of `seeds`. */
  accuracies: number[];
  /** How many of the runs stopped being finite before the end (their accuracy is over their last finite steps). */
  diverged: number;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

export function recallCurve(options: RecallCurveOptions): RecallCurvePoint[] {
  const window = Math.min(options.window ?? 50, options.steps);
  const seeds = options.seeds ?? [sequenceConfigSchema.parse(options.config ?? {}).seed];
  const run = (cell: (typeof CELL_KINDS)[number], length: number, seed: number) => {
    const session = createSequenceSession(sequenceConfigSchema.parse({ ...options.config, cell, length, seed }));
    try {
      const { reports, divergence } = runSteps(session, options.steps);
      const tail = reports.slice(-window);
      return {
        accuracy: tail.length === 0 ? 0 : mean(tail.map((r) => r.accuracy)),
        loss: tail.length === 0 ? Infinity : mean(tail.map((r) => r.loss)),
        diverged: divergence !== null,
      };
    } finally {
      session.dispose();
    }
  };
  const outcome = (cell: (typeof CELL_KINDS)[number], length: number): RecallOutcome => {
    const runs = seeds.map((seed) => run(cell, length, seed));
    return {
      accuracy: mean(runs.map((r) => r.accuracy)),
      loss: mean(runs.map((r) => r.loss)),
      accuracies: runs.map((r) => r.accuracy),
      diverged: runs.filter((r) => r.diverged).length,
    };
  };
  return options.lengths.map((length) => ({ length, rnn: outcome('rnn', length), lstm: outcome('lstm', length) }));
}
