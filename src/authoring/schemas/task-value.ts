/**
 * The props of <TaskValue>, and its reading: a number about the circle task's data set itself — the 512 seeded
 * points that <GradientTrace>, the network labs and <PretrainingLab> all learn from (each experiment draws them
 * first from its seed: `circleTask(createRng(seed).fork(), DATASET_SIZE)`). It gives the prose one plateau baseline:
 * H(p), the cross-entropy of a network that ignores its input and answers the data's base rate p for every point.
 */
import { z } from 'zod';
import { DATASET_SIZE, mlpConfigSchema } from '../../core/experiments/mlp.config';
import { createRng } from '../../core/random';
import { circleTask } from '../../core/tasks';

export const TASK_VALUES = ['base-rate', 'base-loss'] as const;

export const taskValuePropsSchema = z
  .object({
    /** base-rate: the share of the points inside the circle (a percentage); base-loss: H(p) = −p ln p − (1 − p) ln(1 − p), in nats. */
    value: z.enum(TASK_VALUES),
    /** The seed the data set is drawn from, as in the labs. */
    seed: mlpConfigSchema.shape.seed,
    /** Significant digits. */
    digits: z.number().int().min(1).max(6).default(3),
    /** The claim the sentence makes about the number, checked at build time. */
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
  })
  .strict();

export type TaskValueProps = z.output<typeof taskValuePropsSchema>;

/** The share of the seeded data set's points labelled 1 (inside the circle). */
export function circleBaseRate(seed: number): number {
  const data = circleTask(createRng(seed).fork(), DATASET_SIZE);
  let inside = 0;
  for (let i = 0; i < data.n; i++) inside += data.y[i]!;
  return inside / data.n;
}

/** The binary entropy in nats: the cross-entropy of answering p for labels whose share of 1s is p. */
export const binaryEntropy = (p: number): number => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));

export function readTask(value: (typeof TASK_VALUES)[number], seed: number): number {
  const p = circleBaseRate(seed);
  return value === 'base-rate' ? p : binaryEntropy(p);
}
