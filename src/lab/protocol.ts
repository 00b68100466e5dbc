/**
 * The messages between a page and its lab Worker. One Worker serves every island of a page; each island owns
 * one or more runs, named by a string id it chooses. Reports travel as plain arrays of plain objects.
 */
import type { BackendName } from '../core/backend';
import type { Divergence } from '../core/experiment';
import type { ExperimentId } from '../core/experiments';
import type { TaskView } from '../core/task-view';

export type LabRequest =
  /** Create (or re-create from step 0) a run of an experiment with a config the Worker validates again. */
  | { type: 'create'; run: string; experiment: ExperimentId; config: unknown }
  /**
   * Train continuously; `stepsPerSecond` 0 means as fast as the Worker can. Stops by itself at `maxSteps`. Runs
   * played with the same `group` (the two configurations of a comparison) advance in lockstep.
   */
  | { type: 'play'; run: string; stepsPerSecond: number; maxSteps: number; group?: string }
  | { type: 'pause'; run: string }
  | { type: 'step'; run: string; n: number }
  /** Change a live parameter (see Experiment.liveKeys) without restarting. */
  | { type: 'set'; run: string; key: string; value: number }
  | { type: 'dispose'; run: string };

export type LabEvent =
  | { type: 'ready'; backend: BackendName }
  /**
   * `view`: what the model makes of its task after `steps` (a decision boundary), for runs whose experiment gives
   * one — with the first reports, then at most every VIEW_EVERY_MS, and whenever the run stops.
   */
  | { type: 'reports'; run: string; reports: unknown[]; steps: number; msPerStep: number; view?: TaskView }
  /** `finished`: the run stopped by itself at its maxSteps (not because the page asked). */
  | { type: 'state'; run: string; playing: boolean; steps: number; finished?: boolean }
  | { type: 'diverged'; run: string; divergence: Divergence }
  | { type: 'error'; run: string | null; message: string };
