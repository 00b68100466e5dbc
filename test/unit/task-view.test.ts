/**
 * The picture of the task (src/core/boundary.ts): the decision boundary a lab draws is the training network's own
 * forward pass on the grid, on the data the run learns from, at the step it names — and asking for it changes
 * nothing in the run and leaks no tensor.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { runSteps } from '../../src/core/experiment';
import { createMlpSession, mlpConfigSchema } from '../../src/core/experiments/mlp';
import { createNetworkSession, networkConfigSchema } from '../../src/core/experiments/network';
import { DATASET_SIZE } from '../../src/core/experiments/mlp.config';
import { binaryAccuracy } from '../../src/core/losses';
import {
  BOUNDARY_SIZE,
  boundaryInputs,
  cellCentre,
  seededCircleTask,
  type BoundaryView,
  type TaskView,
} from '../../src/core/task-view';
import { createScheduler } from '../../src/lab/scheduler';
import type { LabEvent } from '../../src/lab/protocol';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const SMALL = { depth: 4, width: 8, seed: 3 };

/** A classifier's view: its decision boundary. */
function boundary(view: TaskView | undefined): BoundaryView {
  if (view?.kind !== 'boundary') throw new Error(`expected a decision boundary, got ${view?.kind}`);
  return view;
}

describe('the decision boundary of a network session', () => {
  it('is the network’s own forward pass on the grid, at the step it names, with its accuracy on the training set', () => {
    const session = createNetworkSession(networkConfigSchema.parse({ ...SMALL, batchNorm: true }));
    runSteps(session, 30);
    const view = boundary(session.view!());
    expect(view).toMatchObject({ kind: 'boundary', step: 30, size: BOUNDARY_SIZE });
    expect(view.grid).toHaveLength(BOUNDARY_SIZE ** 2);
    const [p, z] = tf.tidy(() => {
      const grid = tf.tensor2d(boundaryInputs(BOUNDARY_SIZE), [BOUNDARY_SIZE ** 2, 2]);
      const data = seededCircleTask(SMALL.seed, DATASET_SIZE);
      return [
        tf.sigmoid(session.network.forward(grid, { training: false })).dataSync(),
        session.network.forward(tf.tensor2d(data.x, [data.n, 2]), { training: false }).dataSync(),
      ];
    });
    view.grid.forEach((v, i) => expect(v).toBeCloseTo(p![i]!, 5));
    expect(view.accuracy).toBe(binaryAccuracy(z!, seededCircleTask(SMALL.seed, DATASET_SIZE).y));
    // A trained network says something about the task: not every cell the same, every value a probability.
    expect(Math.max(...view.grid) - Math.min(...view.grid)).toBeGreaterThan(0.01);
    expect(view.grid.every((v) => v >= 0 && v <= 1)).toBe(true);
    session.dispose();
  });

  it('puts rows from x₂ = −1 up and columns from x₁ = −1 across', () => {
    const inputs = boundaryInputs(4);
    expect(Array.from(inputs.subarray(0, 4))).toEqual([
      cellCentre(0, 4),
      cellCentre(0, 4),
      cellCentre(1, 4),
      cellCentre(0, 4),
    ]);
    expect(Array.from(inputs.subarray(-2))).toEqual([cellCentre(3, 4), cellCentre(3, 4)]);
    expect([cellCentre(0, 4), cellCentre(3, 4)]).toEqual([-0.75, 0.75]);
  });

  it('is the same picture from the mlp and the network experiment (same streams, same ops)', () => {
    const a = createMlpSession(mlpConfigSchema.parse(SMALL));
    const b = createNetworkSession(networkConfigSchema.parse(SMALL));
    runSteps(a, 20);
    runSteps(b, 20);
    expect(a.view!()).toEqual(b.view!());
    a.dispose();
    b.dispose();
  });

  it('changes nothing in the run and leaks no tensor, however often it is asked for', () => {
    const plain = createMlpSession(mlpConfigSchema.parse(SMALL));
    const watched = createMlpSession(mlpConfigSchema.parse(SMALL));
    watched.step();
    watched.view!();
    const before = tf.memory().numTensors;
    const seen = [];
    for (let i = 0; i < 40; i++) {
      seen.push(watched.step());
      watched.view!();
    }
    expect(tf.memory().numTensors).toBe(before);
    plain.step();
    expect(runSteps(plain, 40).reports).toEqual(seen.map((s) => (s.ok ? s.report : null)));
    plain.dispose();
    watched.dispose();
  });

  it('draws the data the run learns from: the training accuracy the view counts is that of the seeded data', () => {
    const session = createMlpSession(
      mlpConfigSchema.parse({ ...SMALL, depth: 3, width: 16, activation: 'tanh', learningRate: 0.5 }),
    );
    runSteps(session, 500);
    const view = boundary(session.view!());
    // A small tanh network learns the circle; the boundary then separates most of the seeded points.
    expect(view.accuracy).toBeGreaterThan(0.8);
    const data = seededCircleTask(SMALL.seed, DATASET_SIZE);
    // The grid agrees with the labels of the data near each cell: most inside points fall on cells above ½.
    const cellOf = (v: number) => Math.min(BOUNDARY_SIZE - 1, Math.floor(((v + 1) / 2) * BOUNDARY_SIZE));
    let agree = 0;
    for (let i = 0; i < data.n; i++) {
      const p = view.grid[cellOf(data.x[2 * i + 1]!) * BOUNDARY_SIZE + cellOf(data.x[2 * i]!)]!;
      if ((p > 0.5 ? 1 : 0) === data.y[i]) agree++;
    }
    expect(agree / data.n).toBeGreaterThan(0.75);
    session.dispose();
  });
});

describe('the Worker’s loop', () => {
  it('sends a view with the first reports, then at most every VIEW_EVERY_MS, and the last step’s when a run stops', () => {
    let t = 0;
    const events: LabEvent[] = [];
    const queue: (() => void)[] = [];
    const scheduler = createScheduler({
      post: (e) => events.push(e),
      now: () => (t += 1),
      later: (fn) => void queue.push(fn),
    });
    scheduler.handle({ type: 'create', run: 'r', experiment: 'mlp', config: { depth: 2, width: 4 } });
    scheduler.handle({ type: 'play', run: 'r', stepsPerSecond: 0, maxSteps: 400 });
    for (let n = 0; queue.length > 0 && n < 2000; n++) queue.shift()!();
    const reports = events.filter((e): e is Extract<LabEvent, { type: 'reports' }> => e.type === 'reports');
    const viewed = reports.filter((e) => e.view);
    expect(reports[0]!.view?.step).toBe(reports[0]!.steps);
    // The run ended at maxSteps: its last reports carry the view of its last step.
    expect(reports.at(-1)!.view?.step).toBe(400);
    expect(viewed.length).toBeLessThan(reports.length);
    for (const e of viewed) expect(e.view!.step).toBe(e.steps);
    // Played again and paused after its reports went out: the pause still sends the view of the step it stopped at.
    events.splice(0);
    scheduler.handle({ type: 'play', run: 'r', stepsPerSecond: 0, maxSteps: 1000 });
    for (let n = 0; n < 30 && queue.length > 0; n++) queue.shift()!();
    queue.splice(0);
    scheduler.handle({ type: 'pause', run: 'r' });
    const last = events.filter((e): e is Extract<LabEvent, { type: 'reports' }> => e.type === 'reports').at(-1)!;
    expect(last.view?.step).toBe(last.steps);
    scheduler.handle({ type: 'dispose', run: 'r' });
  });
});
