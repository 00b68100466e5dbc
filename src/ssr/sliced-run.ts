/**
 * `runExperiment` and `runSteps` of src/core/experiment.ts, training in slices of about `sliceMs` that each end by
 * yielding to Node's event loop. A long run then never holds its thread: vitest's worker answers its runner in time
 * (its RPC gives up after 60 s without an answer), and a build or dev server interleaves its runs. The steps, and
 * so the reports, are exactly those of the synchronous functions.
 */
import type { z } from 'zod';
import type { Divergence, Experiment, Session } from '../core/experiment';
import type { TaskView } from '../core/task-view';

export interface SliceOptions {
  /** How long to train before yielding, in ms. */
  sliceMs?: number;
}

const SLICE_MS = 100;

/** Let timers and I/O run: setImmediate runs after the event loop's poll phase, where incoming messages land. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runStepsSliced<R>(
  session: Session<R>,
  steps: number,
  { sliceMs = SLICE_MS }: SliceOptions = {},
): Promise<{ reports: R[]; divergence: Divergence | null }> {
  const reports: R[] = [];
  let sliceStart = performance.now();
  for (let i = 0; i < steps; i++) {
    const out = session.step();
    if (!out.ok) return { reports, divergence: out.divergence };
    reports.push(out.report);
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  return { reports, divergence: null };
}

export async function runExperimentSliced<Schema extends z.ZodTypeAny, R>(
  experiment: Experiment<Schema, R>,
  config: z.input<Schema>,
  steps: number,
  options: SliceOptions = {},
): Promise<{ reports: R[]; divergence: Divergence | null; view: TaskView | null }> {
  const session = experiment.create(experiment.schema.parse(config));
  try {
    const run = await runStepsSliced(session, steps, options);
    // The task as the network sees it after its last step, for the build-time figure of the task.
    return { ...run, view: session.view?.() ?? null };
  } finally {
    session.dispose();
  }
}
