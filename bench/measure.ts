/**
 * The timing loop shared by the Node run and the Worker run, so both measure exactly the same thing: every
 * experiment in the registry, with its default config, against the hand-written reference step — and the `mlp`
 * experiment also against the floor, its matrix products alone (floor.ts).
 *
 * Each experiment is timed in rounds that alternate with rounds of the reference (and of the floor), and each ratio
 * is the median of the per-round ratios: on a busy machine (a laptop on battery, a CI runner, another build next
 * door) the two sides of a ratio then see the same load, and one slow round moves neither median.
 */
import * as tf from '../src/core/tf';
import { EXPERIMENTS } from '../src/core/experiments';
import type { z } from 'zod';
import type { Experiment, Session } from '../src/core/experiment';
import { createReferenceMlp } from './reference-mlp';
import { createFloor } from './floor';

/** The shape the target is set for: the `mlp` experiment's default, which the reference copies. */
export const REFERENCE_CONFIG = { depth: 20, width: 32, batchSize: 64, learningRate: 0.1, seed: 1 } as const;

export interface BenchRow {
  experiment: string;
  /** Median over rounds of the experiment's ms per step. */
  msPerStep: number;
  /** Median over the interleaved rounds of the reference's ms per step. */
  referenceMsPerStep: number;
  /** Median over rounds of (experiment ms/step) / (reference ms/step) in the same round. */
  ratio: number;
  rounds: number;
  stepsPerRound: number;
  /** Times the session diverged and was re-created (its steps after divergence would cost nothing). */
  restarts: number;
  /** For the experiment whose default shape the floor copies (`mlp`): the step against its matrix products alone. */
  floor?: FloorTiming;
}

export interface FloorTiming {
  /** Median over rounds of the products as bare tfjs matMuls, ms per step. */
  tfjsMsPerStep: number;
  /** Median over rounds of the products as Float32Array loops, ms per step. */
  jsMsPerStep: number;
  /** Median over rounds of (experiment ms/step) / (the faster floor's ms/step) in the same round. */
  ratio: number;
}

export interface BenchResult {
  backend: string;
  rows: BenchRow[];
  /** Largest |loss_core − loss_reference| over the first steps of `mlp` with the reference's config. */
  referenceLossGap: number;
  /** Whether the `mlp` experiment's default config is still the shape the reference copies. */
  referenceIsMlpDefault: boolean;
  /** Tensors left behind by the whole bench (should be 0). */
  leakedTensors: number;
}

export interface BenchOptions {
  rounds?: number;
  /** Wall time one round should take, to choose the steps per round. */
  roundMs?: number;
  /** Only these experiment ids (all if empty). */
  only?: string[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function timeSteps(step: () => void, steps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  return (performance.now() - t0) / steps;
}

/** The core's `mlp` and the reference start from the same weights and batches: their losses must agree. */
function referenceLossGap(): number {
  const session = EXPERIMENTS.mlp.create(EXPERIMENTS.mlp.schema.parse({ ...REFERENCE_CONFIG }));
  const ref = createReferenceMlp(REFERENCE_CONFIG);
  let gap = 0;
  try {
    for (let i = 0; i < 20; i++) {
      const out = session.step();
      if (!out.ok) return Infinity;
      gap = Math.max(gap, Math.abs(out.report.loss - ref.step().loss));
    }
  } finally {
    session.dispose();
  }
  return gap;
}

function referenceIsMlpDefault(): boolean {
  const d = EXPERIMENTS.mlp.schema.parse({});
  const r = REFERENCE_CONFIG;
  return (
    d.depth === r.depth &&
    d.width === r.width &&
    d.batchSize === r.batchSize &&
    d.learningRate === r.learningRate &&
    d.activation === 'sigmoid' &&
    d.init === 'xavier-normal'
  );
}

export function runBench(backend: string, options: BenchOptions = {}): BenchResult {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 250;
  const start = tf.memory().numTensors;
  const gap = referenceLossGap();
  const ref = createReferenceMlp(REFERENCE_CONFIG);
  const refStep = () => void ref.step();
  const rows: BenchRow[] = [];

  // Each entry has its own config type; here they are all just "a schema and a session".
  for (const [id, experiment] of Object.entries(EXPERIMENTS) as [string, Experiment<z.ZodTypeAny, unknown>][]) {
    if (options.only?.length && !options.only.includes(id)) continue;
    const config = experiment.schema.parse({});
    let restarts = 0;
    let session: Session<unknown> = experiment.create(config);
    const step = () => {
      if (!session.step().ok) {
        session.dispose();
        session = experiment.create(config);
        restarts++;
      }
    };
    const floor = id === 'mlp' ? createFloor(REFERENCE_CONFIG) : null;
    try {
      // Warm up (JIT, XNNPACK's packed weights, tfjs's kernel caches), then size the rounds from the warm speed.
      timeSteps(step, 10);
      const perRound = (f: () => void) => Math.max(5, Math.round(roundMs / Math.max(timeSteps(f, 10), 1e-3)));
      const stepsPerRound = perRound(step);
      const refStepsPerRound = perRound(refStep);
      const floorStepsPerRound = floor ? [perRound(floor.tfjs), perRound(floor.js)] : [];
      const ms: number[] = [];
      const refMs: number[] = [];
      const floorMs: [number, number][] = [];
      for (let r = 0; r < rounds; r++) {
        ms.push(timeSteps(step, stepsPerRound));
        refMs.push(timeSteps(refStep, refStepsPerRound));
        if (floor)
          floorMs.push([timeSteps(floor.tfjs, floorStepsPerRound[0]!), timeSteps(floor.js, floorStepsPerRound[1]!)]);
      }
      rows.push({
        experiment: id,
        msPerStep: median(ms),
        referenceMsPerStep: median(refMs),
        ratio: median(ms.map((m, i) => m / refMs[i]!)),
        rounds,
        stepsPerRound,
        restarts,
        ...(floor && {
          floor: {
            tfjsMsPerStep: median(floorMs.map(([t]) => t)),
            jsMsPerStep: median(floorMs.map(([, j]) => j)),
            ratio: median(ms.map((m, i) => m / Math.min(...floorMs[i]!))),
          },
        }),
      });
    } finally {
      session.dispose();
      floor?.dispose();
    }
  }
  return {
    backend,
    rows,
    referenceLossGap: gap,
    referenceIsMlpDefault: referenceIsMlpDefault(),
    leakedTensors: tf.memory().numTensors - start,
  };
}
