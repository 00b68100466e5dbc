/**
 * Build-time runs of the course's experiments. Each distinct (experiment, config, steps) runs once per build
 * and is shared by every page that shows it — the English and Chinese editions of a chapter show the same run.
 */
import type { z } from 'zod';
import { runExperiment, type Divergence, type Experiment } from '../core/experiment';
import { initNodeBackend } from './backend';

export interface BuildRun<R> {
  reports: R[];
  divergence: Divergence | null;
  backend: string;
  msPerStep: number;
}

const cache = new Map<string, Promise<BuildRun<unknown>>>();

export function buildRun<S extends z.ZodTypeAny, R>(
  experiment: Experiment<S, R>,
  config: z.output<S>,
  steps: number,
): Promise<BuildRun<R>> {
  const key = `${experiment.id}:${steps}:${JSON.stringify(config)}`;
  let run = cache.get(key);
  if (!run) {
    run = (async () => {
      const backend = await initNodeBackend();
      const t0 = performance.now();
      const { reports, divergence } = runExperiment(experiment, config, steps);
      return { reports, divergence, backend, msPerStep: (performance.now() - t0) / Math.max(1, reports.length) };
    })();
    cache.set(key, run);
  }
  return run as Promise<BuildRun<R>>;
}
