/**
 * The claims the feed-forward chapters make, asserted on the numbers the `network` experiment and the init scan
 * produce. Each test states what the run measured (seed 1 unless said) and the margin the assertion leaves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import {
  createNetworkSession,
  networkConfigSchema,
  type NetworkReport,
  networkExperiment,
} from '../../src/core/experiments/network';
import { initScan } from '../../src/core/init-scan';
import { buildRun } from '../../src/ssr/runs';
import { runStepsSliced } from '../../src/ssr/sliced-run';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const trace = (over: Record<string, unknown>, steps: number) =>
  buildRun(networkExperiment, { histogramEvery: 1000, ...over }, steps);

const first = async (over: Record<string, unknown>) => (await trace(over, 1)).reports[0]!;
/** ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖. */
const ratio = (r: { gradNorms: number[] }) => r.gradNorms[0]! / r.gradNorms.at(-1)!;
const decreasing = (xs: number[]) => xs.slice(1).every((x, i) => x < xs[i]!);

describe('vanishing and exploding at initialisation', () => {
  // Measured (depth 20, width 32, step 1): sigmoid + Xavier 3.4e-14, the same number as the `mlp` experiment gives;
  // ReLU + He 0.29 (seeds 2 and 3 give 0.069 and 0.18: the [0.1, 10] band is for seed 1, with a 3× margin below).
  // Sigmoid's bound is < 1e-2: 12 orders of margin.
  it('sigmoid deep nets vanish and He-initialised ReLU nets do not', async () => {
    const sigmoid = await first({ depth: 20, activation: 'sigmoid', init: 'xavier-normal' });
    expect(ratio(sigmoid)).toBeLessThan(1e-2);
    // ... and fall layer after layer towards the input.
    expect(decreasing([...sigmoid.gradNorms].reverse())).toBe(true);
    const relu = await first({ depth: 20, activation: 'relu', init: 'he-normal' });
    expect(ratio(relu)).toBeGreaterThan(0.1);
    expect(ratio(relu)).toBeLessThan(10);
  });

  // Measured by the init scan (depth 20, width 32): tanh with normal σ = 1 has χ = 32·E[tanh′²] > 1, and the
  // gradient grows at every layer towards the input, ‖∂L/∂W_1‖ = 1.0e4 against ‖∂L/∂W_20‖ = 0.68 (ratio 1.5e4;
  // bound 1e3). Xavier keeps the same network's ratio at 0.43 (bound [0.1, 10]). ReLU with σ = 1 (gain n·σ²/2 = 16
  // per layer) multiplies forward and backward alike: every layer's gradient norm is at least 8.1e9 (bound > 1e8)
  // where He initialisation gives at most 0.20 (bound < 1).
  it('a large initial σ explodes the gradient towards the input', () => {
    const [big, xavier] = initScan({
      activation: 'tanh',
      depth: 20,
      width: 32,
      cases: [1, { scheme: 'xavier-normal' }],
    });
    expect(ratio(big!)).toBeGreaterThan(1e3);
    expect(decreasing(big!.gradNorms)).toBe(true);
    expect(ratio(xavier!)).toBeGreaterThan(0.1);
    expect(ratio(xavier!)).toBeLessThan(10);
    const [reluBig, reluHe] = initScan({
      activation: 'relu',
      depth: 20,
      width: 32,
      cases: [1, { scheme: 'he-normal' }],
    });
    expect(Math.min(...reluBig!.gradNorms)).toBeGreaterThan(1e8);
    expect(Math.max(...reluHe!.gradNorms)).toBeLessThan(1);
    // The forward signal explodes with it: the last hidden layer's spread is 8.2e9 (bound > 1e6).
    expect(reluBig!.forwardStd.at(-1)!).toBeGreaterThan(1e6);
  });

  // Measured: σ = 0.1 shrinks tanh's forward signal from 0.079 at layer 1 to 1.9e-6 at layer 19, and no weight
  // gradient exceeds 2.3e-7. Bounds: a 1e3-fold fall of the signal (margin 40×), gradients < 1e-5 (margin 40×).
  it('a small initial σ makes the forward signal and the gradients vanish', () => {
    const [small] = initScan({ activation: 'tanh', depth: 20, width: 32, cases: [0.1] });
    expect(small!.forwardStd.at(-1)! / small!.forwardStd[0]!).toBeLessThan(1e-3);
    expect(Math.max(...small!.gradNorms)).toBeLessThan(1e-5);
  });
});

describe('remedies', () => {
  // Measured (depth 12, tanh, normal σ = 1, lr 0.1, threshold 1, 200 steps): the norm before clipping exceeds 1
  // at all 200 steps (up to 769); after clipping it is at most 1 + 2.4e-7 (float32 rounding of c·g/‖g‖; bound
  // 1 + 1e-6).
  it('norm clipping keeps the global gradient norm at or below the threshold at every step', async () => {
    const { reports, divergence } = await trace(
      { depth: 12, activation: 'tanh', init: 'normal', initScale: 1, clip: 'norm', clipThreshold: 1 },
      200,
    );
    expect(divergence).toBeNull();
    for (const r of reports) expect(r.clipNormAfter).toBeLessThanOrEqual(1 + 1e-6);
    // The run clipped for real: without that the test would prove nothing.
    expect(reports.filter((r) => r.clipNormBefore > 1).length).toBeGreaterThan(100);
  });

  // The statistic is `preStd`: the spread of the activation's input, after batch normalisation (γẑ + β).
  // Measured (depth 20, 200 steps): with BN every layer at every step lies in [0.990, 1.058] for ReLU σ = 0.5 and
  // [0.995, 1.001] for tanh σ = 0.1 (bound [0.9, 1.2]). Without BN the same networks span 0.40 … 2.8e4 (ReLU) and
  // 0.080 … 1.9e-6 (tanh) across the layers at step 1 (bound: max/min > 100).
  it.each([
    ['relu', 0.5],
    ['tanh', 0.1],
  ] as const)(
    'batch norm keeps every hidden layer’s pre-activation spread near 1 in training mode (%s, σ = %s)',
    async (activation, initScale) => {
      const bn = await trace({ depth: 20, activation, init: 'normal', initScale, batchNorm: true }, 200);
      expect(bn.divergence).toBeNull();
      for (const r of bn.reports) {
        for (const s of r.preStd) {
          expect(s).toBeGreaterThan(0.9);
          expect(s).toBeLessThan(1.2);
        }
      }
      const plain = await first({ depth: 20, activation, init: 'normal', initScale, batchNorm: false });
      expect(Math.max(...plain.preStd) / Math.min(...plain.preStd)).toBeGreaterThan(100);
    },
  );

  // He et al. 2016 compare plain and residual nets both with batch norm. Measured (depth 50, ReLU, He, step 1):
  // ‖∂L/∂W_1‖/‖∂L/∂W_50‖ is 0.098, 0.26, 0.28 with shortcuts (seeds 1, 2, 3; bound [1/20, 20]) and 5.2e3, 7.5e3,
  // 5.2e3 without (bound > 1e3): the batch-normalised plain net's gradient explodes towards the input (as Yang et
  // al. 2019, "A mean field theory of batch normalization", predict), the shortcuts keep it level.
  it.each([1, 2, 3])(
    'a 50-layer residual net keeps its first-layer gradient near its last; the plain one does not (BN, seed %i)',
    async (seed) => {
      const common = { seed, depth: 50, activation: 'relu', init: 'he-normal', batchNorm: true };
      const residual = ratio(await first({ ...common, residual: true }));
      expect(residual).toBeGreaterThan(1 / 20);
      expect(residual).toBeLessThan(20);
      expect(ratio(await first({ ...common, residual: false }))).toBeGreaterThan(1e3);
    },
  );

  // Without batch norm, with the course's sigmoid net (depth 50, Xavier, step 1): across the hidden layers 1 … 49
  // the gradient norms span a factor 2.0e32 in the plain net and 144 with shortcuts (bounds > 1e20 and < 1e3). The
  // first layer (no shortcut around it) is the smallest; the shortcuts keep every later layer near the top's.
  it('without batch norm, shortcuts keep a 50-layer sigmoid net’s hidden-layer gradients within 1e3 of each other', async () => {
    const spread = (r: NetworkReport) => {
      const hidden = r.gradNorms.slice(0, -1);
      return Math.max(...hidden) / Math.min(...hidden);
    };
    const common = { depth: 50, activation: 'sigmoid', init: 'xavier-normal' };
    expect(spread(await first({ ...common, residual: true }))).toBeLessThan(1e3);
    expect(spread(await first({ ...common, residual: false }))).toBeGreaterThan(1e20);
  });

  // Measured (depth 6, ReLU, He, 300 steps): ‖W_l‖ = 8.04 8.09 8.33 8.04 8.32 2.27 without a penalty,
  // 4.69 4.67 4.79 4.64 4.80 2.01 with L2 α = 0.01 (every layer smaller; the smallest gap is 11%, at the output),
  // and a sum of 40.0 with L1 α = 0.001 against 43.1 (bound: smaller).
  it('L2 and L1 shrink the weights relative to no penalty', async () => {
    const common = { depth: 6, activation: 'relu', init: 'he-normal' };
    const none = (await trace(common, 300)).reports.at(-1)!;
    const l2 = (await trace({ ...common, l2: 0.01 }, 300)).reports.at(-1)!;
    const l1 = (await trace({ ...common, l1: 0.001 }, 300)).reports.at(-1)!;
    l2.weightNorms.forEach((n, l) => expect(n, `layer ${l + 1}`).toBeLessThan(none.weightNorms[l]!));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(l1.weightNorms)).toBeLessThan(sum(none.weightNorms));
    // The penalty's gradient is a real part of each layer's gradient (measured shares 0.21 … 0.58).
    for (const s of l2.penaltyShare) expect(s).toBeGreaterThan(0.05);
  });
});

describe('zeros initialisation', () => {
  // Measured (depth 4, width 8, 300 steps): with sigmoid every column of every weight matrix is still bitwise equal
  // to every other column — all units of a layer compute the same function — though the weights did move (W_1's
  // entries are −3.0e-13 and −5.3e-13 per input row). With tanh and ReLU, f(0) = 0 (and tfjs's ReLU′(0) = 0) stop
  // every weight gradient: all weights stay exactly 0 and only the output bias learns. Either way the network is
  // no better than its output bias: accuracy 0.52 on the last batch, 0.57 over the last 50 (bound < 0.7; predicting
  // "outside" everywhere scores about 0.61).
  it.each(['sigmoid', 'tanh', 'relu'] as const)(
    '%s: the units of each hidden layer stay identical',
    async (activation) => {
      const session = createNetworkSession(
        networkConfigSchema.parse({ depth: 4, width: 8, activation, init: 'zeros', histogramEvery: 1000 }),
      );
      const { reports, divergence } = await runStepsSliced(session, 300);
      expect(divergence).toBeNull();
      const weights = session.network.layers.map((l) => l.W.arraySync() as number[][]);
      session.dispose();
      for (const W of weights) {
        for (const row of W) expect(new Set(row).size, 'columns differ').toBe(1);
      }
      const moved = weights.some((W) => W.some((row) => row[0] !== 0));
      expect(moved).toBe(activation === 'sigmoid');
      expect(reports.at(-1)!.accuracy).toBeLessThan(0.7);
    },
  );
});
