/** Every experiment the lab Worker can run, by id. An island names one; the build runs the same one. */
import { mlpExperiment } from './mlp';
import { networkExperiment } from './network';
import { sequenceExperiment } from './sequence';

export const EXPERIMENTS = {
  mlp: mlpExperiment,
  network: networkExperiment,
  sequence: sequenceExperiment,
} as const;

export type ExperimentId = keyof typeof EXPERIMENTS;

export function isExperimentId(id: string): id is ExperimentId {
  return Object.hasOwn(EXPERIMENTS, id);
}
