/**
 * Build-time runs of the course's experiments. Each distinct (experiment, config, steps) is trained once and
 * shared by every page that shows it — the English and Chinese editions of a chapter show the same run — and, through
 * the run cache on disk (run-cache.ts, in run-cache-dir.mjs's folder), by later builds, the dev server and the
 * claims tests, until src/core/ or tfjs changes.
 */
import type { z } from 'zod';
import type { Experiment } from '../core/experiment';
import { initNodeBackend } from './backend';
import { CODE_VERSION } from './code-version';
import { createRunCache, type CachedRun } from './run-cache';
import { runCacheDir } from './run-cache-dir.mjs';

export interface BuildRun<R> extends CachedRun<R> {
  backend: string;
}

/** This process's runs. RUN_CACHE=off keeps them in memory only; RUN_CACHE_LOG names a file that gets a line per training. */
export const runCache = createRunCache({
  dir: process.env.RUN_CACHE === 'off' ? null : runCacheDir(),
  code: CODE_VERSION,
  backend: initNodeBackend,
  log: process.env.RUN_CACHE_LOG,
});

export function buildRun<S extends z.ZodTypeAny, R>(
  experiment: Experiment<S, R>,
  config: z.input<S>,
  steps: number,
): Promise<BuildRun<R>> {
  return runCache.run(experiment, config, steps);
}
