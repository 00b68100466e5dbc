/**
 * What every experiment of the course looks like to its callers — the build-time renderer, the tests and the
 * lab Worker: a config validated by a schema, and a session that advances one training step at a time and
 * reports plain numbers (cheap to post from a Worker, easy to test).
 */
import type { z } from 'zod';
import type { TaskView } from './task-view';

/** The result of one step: a report, or the step at which the run stopped being finite. */
export type StepOutcome<R> = { ok: true; report: R } | { ok: false; divergence: Divergence };

export interface Divergence {
  /** The step (1-based) whose loss or gradient was not finite; its update was not applied. */
  step: number;
  /** Which quantity stopped being finite. */
  quantity: 'loss' | 'gradient';
  /**
   * For a gradient that stopped being finite in a layered network: the weight layer (1 = the input side) nearest the
   * output whose gradient is not finite — where backpropagation, which starts at the output, first overflowed.
   */
  layer?: number;
}

/** The divergence of a step whose loss or per-layer gradient norms (input side first) are not all finite. */
export function divergenceOf(step: number, lossFinite: boolean, gradNorms: readonly number[]): Divergence {
  if (!lossFinite) return { step, quantity: 'loss' };
  let layer = gradNorms.length;
  while (layer > 0 && Number.isFinite(gradNorms[layer - 1]!)) layer--;
  return layer > 0 ? { step, quantity: 'gradient', layer } : { step, quantity: 'gradient' };
}

export interface Session<R> {
  /** Steps completed so far. */
  readonly steps: number;
  /** Run one training step. After a divergence it keeps returning that divergence and changes nothing. */
  step(): StepOutcome<R>;
  /** Change a live parameter (learning rate, …); unknown keys throw. */
  set(key: string, value: number): void;
  /** Free every tensor the session holds. */
  dispose(): void;
  /**
   * What the model makes of its task now (after `steps` steps; after a divergence, the last finite weights), for
   * the figure of the task: costs a forward pass, so callers ask for it when they draw, not at every step.
   */
  view?(): TaskView;
}

export interface Experiment<Schema extends z.ZodTypeAny, R> {
  id: string;
  schema: Schema;
  /** The keys `Session.set` accepts while running. */
  liveKeys: readonly string[];
  create(config: z.output<Schema>): Session<R>;
}

/** Run `steps` steps (or until divergence) and collect the reports. */
export function runSteps<R>(session: Session<R>, steps: number): { reports: R[]; divergence: Divergence | null } {
  const reports: R[] = [];
  for (let i = 0; i < steps; i++) {
    const out = session.step();
    if (!out.ok) return { reports, divergence: out.divergence };
    reports.push(out.report);
  }
  return { reports, divergence: null };
}

/**
 * Validate a config (defaults filled in), run a fresh session for `steps` steps and dispose it: the whole life of
 * a run that nobody watches live — a build-time figure, a test — with what the model made of its task at the end.
 */
export function runExperiment<Schema extends z.ZodTypeAny, R>(
  experiment: Experiment<Schema, R>,
  config: z.input<Schema>,
  steps: number,
): { reports: R[]; divergence: Divergence | null; view: TaskView | null } {
  const session = experiment.create(experiment.schema.parse(config));
  try {
    return { ...runSteps(session, steps), view: session.view?.() ?? null };
  } finally {
    session.dispose();
  }
}
