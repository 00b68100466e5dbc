/** Every experiment the lab Worker can run, by id. An island names one; the build runs the same one. */
import type { z } from 'zod';
import type { Experiment, Session } from '../experiment';
import { mlpExperiment } from './mlp';
import { networkExperiment } from './network';
import { outliersExperiment } from './outliers';
import { pretrainingExperiment } from './pretraining';
import { sequenceExperiment } from './sequence';

export const EXPERIMENTS = {
  mlp: mlpExperiment,
  network: networkExperiment,
  outliers: outliersExperiment,
  pretraining: pretrainingExperiment,
  sequence: sequenceExperiment,
} as const;

export type ExperimentId = keyof typeof EXPERIMENTS;

export function isExperimentId(id: string): id is ExperimentId {
  return Object.hasOwn(EXPERIMENTS, id);
}

/**
 * Validate `config` with the experiment's own schema (defaults filled in) and start a session: the one entry
 * point for callers that receive an experiment id and a config as data (the lab Worker).
 */
export function openSession(id: string, config: unknown): Session<unknown> {
  if (!isExperimentId(id)) throw new Error(`unknown experiment "${id}"`);
  const experiment: Experiment<z.ZodTypeAny, unknown> = EXPERIMENTS[id] as unknown as Experiment<z.ZodTypeAny, unknown>;
  return experiment.create(experiment.schema.parse(config));
}
