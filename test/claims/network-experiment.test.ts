/**
 * The `network` experiment as a piece of machinery: it reproduces the `mlp` experiment exactly when every remedy is
 * off, is deterministic, holds a fixed number of tensors in every mode, and reports what it promises.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { runExperiment, runSteps } from '../../src/core/experiment';
import { EXPERIMENTS } from '../../src/core/experiments';
import { createMlpSession, mlpConfigSchema } from '../../src/core/experiments/mlp';
import {
  createNetworkSession,
  histogramBins,
  histogramEdges,
  networkConfigSchema,
  type NetworkReport,
  networkExperiment,
} from '../../src/core/experiments/network';
import { DATASET_SIZE } from '../../src/core/experiments/network.config';
import { getActivation } from '../../src/core/activations';
import { createRng } from '../../src/core/random';
import { circleTask, sampleBatch } from '../../src/core/tasks';
import { networkForward64, type Net64Layer } from '../unit/reference/network64';
import { runStepsSliced } from '../../src/ssr/sliced-run';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const config = (over: Record<string, unknown> = {}) => networkConfigSchema.parse(over);

function trace(over: Record<string, unknown>, steps: number) {
  return runExperiment(networkExperiment, over, steps);
}

/** One configuration per mode the experiment has. */
const MODES: Record<string, Record<string, unknown>> = {
  plain: { activation: 'relu', init: 'he-normal' },
  'batch norm': { activation: 'relu', init: 'he-normal', batchNorm: true },
  residual: { activation: 'tanh', residual: true },
  'residual + batch norm': { activation: 'relu', init: 'he-normal', residual: true, batchNorm: true, blockLayers: 1 },
  momentum: { activation: 'elu', eluAlpha: 0.5, optimizer: 'momentum', learningRate: 0.02 },
  adam: { activation: 'leaky-relu', leakyAlpha: 0.1, optimizer: 'adam', learningRate: 0.005 },
  'norm clipping': { activation: 'tanh', clip: 'norm', clipThreshold: 0.5 },
  'value clipping': { activation: 'sigmoid', clip: 'value', clipThreshold: 0.01 },
  'L1 + L2': { activation: 'relu', init: 'he-normal', l1: 1e-3, l2: 1e-3 },
};

describe('the network experiment', () => {
  describe('with every remedy off it is the mlp experiment', () => {
    // Same settings and seed → the same data, weights, batches and ops, so the numbers must agree exactly, not
    // approximately; this is what lets <GradientTrace> move onto `network`.
    it.each([
      [{}, 30],
      [{ depth: 6, activation: 'relu', init: 'he-normal', learningRate: 0.05, batchSize: 32, seed: 4 }, 300],
      [{ depth: 30, width: 16, activation: 'tanh', init: 'uniform', initScale: 0.4, seed: 9 }, 40],
      [{ depth: 12, activation: 'elu', init: 'lecun-normal', seed: 2 }, 40],
      // Diverges: the two must stop at the same step, for the same reason.
      [{ depth: 12, activation: 'relu', init: 'normal', initScale: 3, learningRate: 1 }, 50],
    ] as const)('%j for %i steps', (shared, steps) => {
      const mlpSession = createMlpSession(mlpConfigSchema.parse(shared));
      const mlp = runSteps(mlpSession, steps);
      mlpSession.dispose();
      const net = trace(
        { ...shared, batchNorm: false, residual: false, optimizer: 'sgd', l1: 0, l2: 0, clip: 'none' },
        steps,
      );
      expect(net.reports.length).toBe(mlp.reports.length);
      expect(net.reports.map((r) => r.loss)).toEqual(mlp.reports.map((r) => r.loss));
      expect(net.reports.map((r) => r.gradNorms)).toEqual(mlp.reports.map((r) => r.gradNorms));
      expect(net.reports.map((r) => r.accuracy)).toEqual(mlp.reports.map((r) => r.accuracy));
      expect(net.divergence).toEqual(mlp.divergence);
    });
  });

  describe('without batch normalisation or shortcuts it takes the tape’s steps without the tape', () => {
    // The written-out backward pass (mlp.ts's backprop) against tfjs's tape: every number of every report equal, in
    // the modes that take it (the penalties, which switch it off, with a step where they are set to 0 and back).
    it.each([
      [{ activation: 'relu', init: 'he-normal', histogramEvery: 1 }, 25],
      [{ activation: 'elu', eluAlpha: 0.5, optimizer: 'momentum', learningRate: 0.02, width: 12 }, 25],
      [{ activation: 'leaky-relu', leakyAlpha: 0.1, optimizer: 'adam', learningRate: 0.005 }, 25],
      [{ activation: 'tanh', clip: 'norm', clipThreshold: 0.5, depth: 15 }, 25],
      [{ activation: 'sigmoid', clip: 'value', clipThreshold: 0.01 }, 25],
      [{ depth: 12, activation: 'relu', init: 'normal', initScale: 3, learningRate: 1 }, 50],
    ] as const)('%j for %i steps', (over, steps) => {
      const run = (tape: boolean) => {
        const session = createNetworkSession(config({ depth: 8, width: 16, batchSize: 32, ...over }), { tape });
        const out = runSteps(session, steps);
        session.dispose();
        return out;
      };
      const [written, taped] = [run(false), run(true)];
      expect(written.reports.length).toBeGreaterThan(0);
      expect(written).toEqual(taped);
    });

    it('switches to the tape while a penalty is set, and back', () => {
      const run = (tape: boolean) => {
        const session = createNetworkSession(config({ depth: 6, width: 16, activation: 'relu', init: 'he-normal' }), {
          tape,
        });
        const reports = [];
        for (const [n, l2] of [
          [5, 0],
          [5, 1e-3],
          [5, 0],
        ] as const) {
          session.set('l2', l2);
          reports.push(...runSteps(session, n).reports);
        }
        session.dispose();
        return reports;
      };
      const [written, taped] = [run(false), run(true)];
      expect(written.map((r) => r.penalty > 0)).toEqual([0, 1, 0].flatMap((on) => Array<boolean>(5).fill(on === 1)));
      expect(written).toEqual(taped);
    });
  });

  describe.each(Object.entries(MODES))('%s', (_, over) => {
    const mode = { depth: 8, width: 16, batchSize: 32, ...over };

    it('gives identical reports for the same seed, and different ones for another', () => {
      const a = trace({ ...mode, seed: 5 }, 15);
      const b = trace({ ...mode, seed: 5 }, 15);
      expect(a.divergence).toBeNull();
      expect(a.reports).toEqual(b.reports);
      const c = trace({ ...mode, seed: 6 }, 15);
      expect(c.reports.map((r) => r.loss)).not.toEqual(a.reports.map((r) => r.loss));
    });

    it('holds the same number of tensors over 300 steps, and none after dispose', async () => {
      const start = tf.memory().numTensors;
      const session = createNetworkSession(config(mode));
      // Optimizer state is created at the first update.
      session.step();
      const held = tf.memory().numTensors;
      const { divergence } = await runStepsSliced(session, 300);
      expect(divergence).toBeNull();
      expect(tf.memory().numTensors).toBe(held);
      session.dispose();
      expect(tf.memory().numTensors).toBe(start);
    });
  });

  it('reports every number with the right length, and histograms that sum to 1', () => {
    const depth = 7;
    const { reports } = trace({ depth, activation: 'relu', init: 'he-normal', l2: 0.01 }, 3);
    const r = reports[0]!;
    for (const key of ['gradNorms', 'penaltyGradNorms', 'penaltyShare', 'weightNorms'] as const)
      expect(r[key]).toHaveLength(depth);
    for (const key of ['preStd', 'actMean', 'actStd', 'outStd', 'deadFraction', 'histograms'] as const)
      expect(r[key]).toHaveLength(depth - 1);
    const bins = histogramBins('relu');
    expect(histogramEdges(bins)).toHaveLength(bins.count + 1);
    for (const h of r.histograms) {
      expect(h).toHaveLength(bins.count);
      expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    // Report values are plain numbers, ready for postMessage.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('computes the histograms only every k-th step when asked', () => {
    const { reports } = trace({ depth: 4, histogramEvery: 3 }, 7);
    expect(reports.map((r) => r.histograms.length)).toEqual([3, 0, 0, 3, 0, 0, 3]);
  });

  it('reports the statistics it promises, against a direct float64 computation', () => {
    const cfg = config({ depth: 4, width: 5, activation: 'relu', init: 'he-normal', batchSize: 8, seed: 3 });
    const session = createNetworkSession(cfg);
    // The session's own weights before the step, and its batch, redrawn from the same streams (data, weights, batches).
    const layers: Net64Layer[] = session.network.layers.map((l) => ({
      W: Float64Array.from(l.W.dataSync()),
      b: Float64Array.from(l.b!.dataSync()),
      gamma: null,
      beta: null,
      fanIn: l.fanIn,
      fanOut: l.fanOut,
      block: null,
    }));
    const rng = createRng(cfg.seed);
    const data = circleTask(rng.fork(), DATASET_SIZE);
    rng.fork();
    const batch = sampleBatch(data, cfg.batchSize, rng.fork());
    const r = (session.step() as { ok: true; report: NetworkReport }).report;
    session.dispose();

    const bins = histogramBins('relu');
    const edges = histogramEdges(bins);
    let a = Float64Array.from(batch.x);
    for (let l = 0; l < cfg.depth - 1; l++) {
      const z = networkForward64([{ ...layers[l]!, b: layers[l]!.b }], getActivation('linear'), a, cfg.batchSize, 0);
      // networkForward64 of one layer returns the linear output: the pre-activation.
      const act = z.map((v) => Math.max(v, 0));
      const mean = act.reduce((s, v) => s + v, 0) / act.length;
      const std = Math.sqrt(act.reduce((s, v) => s + (v - mean) ** 2, 0) / act.length);
      expect(r.actMean[l]).toBeCloseTo(mean, 5);
      expect(r.actStd[l]).toBeCloseTo(std, 5);
      let dead = 0;
      for (let j = 0; j < cfg.width; j++) {
        let alwaysOff = true;
        for (let n = 0; n < cfg.batchSize; n++) if (z[n * cfg.width + j]! > 0) alwaysOff = false;
        if (alwaysOff) dead++;
      }
      expect(r.deadFraction[l]).toBeCloseTo(dead / cfg.width, 6);
      const counts = new Array<number>(bins.count).fill(0);
      // Bin k holds edges[k] ≤ v < edges[k + 1]; values past either end count in the edge bins.
      for (const v of act) {
        const k = edges.findIndex((e, i) => i > 0 && v < e);
        counts[k === -1 ? bins.count - 1 : k - 1]! += 1;
      }
      r.histograms[l]!.forEach((h, k) => expect(h, `layer ${l + 1}, bin ${k}`).toBeCloseTo(counts[k]! / act.length, 6));
      a = act;
    }
  });

  it('penalties: reports them apart from the data loss, and their share of the gradient', () => {
    const without = trace({ depth: 5, activation: 'tanh' }, 1).reports[0]!;
    const withL2 = trace({ depth: 5, activation: 'tanh', l2: 0.01 }, 1).reports[0]!;
    // The data loss at step 1 does not depend on the penalty; the penalty is α‖W‖² summed.
    expect(withL2.loss).toBe(without.loss);
    const sumSq = withL2.weightNorms.reduce((s, n) => s + n * n, 0);
    expect(withL2.penalty).toBeCloseTo(0.01 * sumSq, 4);
    // ∂(α‖W‖²)/∂W = 2αW, so its norm is 2α‖W‖.
    withL2.penaltyGradNorms.forEach((n, l) => expect(n).toBeCloseTo(0.02 * withL2.weightNorms[l]!, 5));
    for (const s of withL2.penaltyShare) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
    }
    expect(without.penalty).toBe(0);
    expect(without.penaltyShare.every((s) => s === 0)).toBe(true);
  });

  it('changes the learning rate, the penalties and the clip threshold while running, and nothing else', () => {
    const session = createNetworkSession(config({ depth: 4, clip: 'norm', clipThreshold: 10 }));
    session.step();
    session.set('learningRate', 0.5);
    session.set('l1', 0.001);
    session.set('l2', 0.002);
    session.set('clipThreshold', 1e-3);
    const r = (session.step() as { ok: true; report: NetworkReport }).report;
    expect(r.penalty).toBeGreaterThan(0);
    expect(r.clipNormAfter).toBeCloseTo(1e-3, 8);
    expect(() => session.set('depth', 3)).toThrow(/cannot change while running/);
    expect(() => session.set('learningRate', -1)).toThrow();
    expect(() => session.set('l2', 2)).toThrow();
    session.dispose();
    expect(EXPERIMENTS.network.liveKeys).toEqual(expect.arrayContaining(['learningRate', 'l1', 'l2', 'clipThreshold']));
  });

  it('reports divergence at the step where the loss stops being finite, and changes nothing after', async () => {
    const session = createNetworkSession(
      config({ depth: 12, activation: 'relu', init: 'normal', initScale: 3, learningRate: 1, optimizer: 'momentum' }),
    );
    const { reports, divergence } = await runStepsSliced(session, 100);
    expect(divergence).not.toBeNull();
    expect(divergence!.step).toBe(reports.length + 1);
    expect(session.step()).toEqual({ ok: false, divergence });
    expect(session.steps).toBe(reports.length);
    session.dispose();
  });

  it('rejects batch normalisation on batches of one example, with the field named', () => {
    const result = networkConfigSchema.safeParse({ batchNorm: true, batchSize: 1 });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['batchSize']);
    expect(() => networkConfigSchema.parse({ depth: 3, dropout: 0.5 })).toThrow(/dropout/);
  });
});
