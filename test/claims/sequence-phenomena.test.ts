/**
 * The LSTM chapter's claims, asserted on the numbers real `sequence` runs produce. Each comment gives what the
 * run measured and the margin to the bound.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import { sequenceExperiment, type SequenceReport } from '../../src/core/experiments/sequence';
import { buildRun } from '../../src/ssr/runs';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

async function trace(over: Record<string, unknown>, steps: number): Promise<SequenceReport[]> {
  const { reports, divergence } = await buildRun(sequenceExperiment, over, steps);
  expect(divergence).toBeNull();
  return reports;
}

/** The report of step 1: gradients of the untrained network, before any update. */
const atInit = async (over: Record<string, unknown>) => (await trace(over, 1))[0]!;

/** Least-squares line through (t, log y_t): the per-step factor e^slope and the fit's R². */
function logLinearFit(ys: readonly number[]): { factor: number; r2: number } {
  const n = ys.length;
  const ly = ys.map(Math.log);
  const mx = (n - 1) / 2;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  ly.forEach((y, x) => {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return { factor: Math.exp(sxy / sxx), r2: (sxy * sxy) / (sxx * syy) };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const SEEDS = [1, 2, 3, 4, 5];

describe('gradients through time in the recall task', () => {
  // T = 50, step 1 (at initialisation, before any update), Xavier-uniform weights, seeds 1–5. The gradient that
  // reaches h_1, LSTM with forget bias 3 (f ≈ σ(3) ≈ 0.95, so the cell path keeps about 0.95⁴⁹ ≈ 0.08) over the
  // RNN of the same seed: measured 8.4e5, 2.3e4, 207, 119 and 67 — between 1.8 and 5.9 orders of magnitude,
  // geometric mean 2.0e3. Bounds: at least 20× for every seed (margin 3.4× at the worst seed) and a geometric mean
  // of at least 300× (margin 6.6×). With the more common forget bias 1 (f ≈ 0.73, 0.73⁴⁹ ≈ 2e-7) there is no
  // such gap at initialisation: the same ratios are 1.7e3, 13.5, 0.20, 0.054 and 0.55 — the bias matters.
  it('at T = 50 an LSTM with forget bias 3 passes orders of magnitude more gradient back to step 1 than an RNN', async () => {
    const ratios = await Promise.all(
      SEEDS.map(async (seed) => {
        const rnn = await atInit({ cell: 'rnn', length: 50, seed });
        const lstm = await atInit({ cell: 'lstm', length: 50, seed, forgetBias: 3 });
        // Both readouts start from the same weights and see the same batch, so the gradient at the end is comparable.
        expect(lstm.hiddenGradNorms[49]! / rnn.hiddenGradNorms[49]!).toBeGreaterThan(0.5);
        return lstm.hiddenGradNorms[0]! / rnn.hiddenGradNorms[0]!;
      }),
    );
    for (const r of ratios) expect(r).toBeGreaterThan(20);
    expect(Math.exp(mean(ratios.map(Math.log)))).toBeGreaterThan(300);
  });

  // The RNN's ‖∂L/∂h_t‖ at step 1, T = 50, as t moves back from T: for seeds 1, 2, 3 log‖∂L/∂h_t‖ lies on a line
  // with R² = 0.997, 0.988, 0.994, a per-step factor of 0.715, 0.829, 0.875 (so h_1 gets 2.1e-7, 6.0e-5, 1.2e-3
  // of what h_50 gets), and it falls at 49, 48, 49 of the 49 steps back. Bounds: R² > 0.95, factor < 0.95,
  // at least 45 of 49 steps falling. (Not every draw is this clear: seed 4's W_h, spectral radius near 1 under
  // Xavier initialisation, gives a factor of 0.964 with R² 0.86.)
  it("the RNN's ‖∂L/∂h_t‖ decays roughly geometrically as t moves back from the end", async () => {
    for (const seed of [1, 2, 3]) {
      const h = (await atInit({ cell: 'rnn', length: 50, seed })).hiddenGradNorms;
      const { factor, r2 } = logLinearFit(h.slice().reverse());
      expect(r2, `seed ${seed}`).toBeGreaterThan(0.95);
      expect(factor, `seed ${seed}`).toBeLessThan(0.95);
      const falling = h.slice(1).filter((v, i) => h[i]! < v).length;
      expect(falling, `seed ${seed}`).toBeGreaterThanOrEqual(45);
    }
  });

  // The other way round: Xavier's variance 1/H keeps W_h's spectral radius near 1; a normal σ = 1 makes it about
  // σ√H = 4, and the gradient grows as it goes back. T = 50, step 1, seeds 1–5: ‖∂L/∂h_1‖ / ‖∂L/∂h_50‖ measured
  // 5.3e6, 2.8e6, 2.9e6, 2.1e5 and 2.7e8, growing at 38–46 of the 49 steps back. Bound: ≥ 1e4 (margin 21× at seed 4).
  it("with large recurrent weights the RNN's gradient explodes as it goes back in time", async () => {
    for (const seed of SEEDS) {
      const h = (await atInit({ cell: 'rnn', length: 50, seed, init: 'normal', initScale: 1 })).hiddenGradNorms;
      expect(h[0]! / h[49]!, `seed ${seed}`).toBeGreaterThan(1e4);
    }
  });

  // Norm clipping (Pascanu et al. 2013) at c = 1 on that exploding RNN, T = 30, 60 steps: the global norm before
  // clipping measured 1.4e2 to 7.7e5 (bound: above 10c at all 60 steps); after clipping it is min(‖g‖, c) to a relative
  // 3.0e-7 (bound 1e-5), at most 1.00000024 (bound c·(1 + 1e-5)).
  it('norm clipping bounds the global gradient norm at every step', async () => {
    const c = 1;
    const reports = await trace(
      { cell: 'rnn', length: 30, init: 'normal', initScale: 1, clip: 'norm', clipThreshold: c },
      60,
    );
    expect(reports.filter((r) => r.normBefore > 10 * c).length).toBe(60);
    for (const r of reports) {
      expect(r.normAfter).toBeLessThanOrEqual(c * (1 + 1e-5));
      expect(Math.abs(r.normAfter - Math.min(r.normBefore, c)) / Math.min(r.normBefore, c)).toBeLessThan(1e-5);
    }
    // Without clipping the two norms are the same number.
    for (const r of await trace({ cell: 'rnn', length: 30, init: 'normal', initScale: 1, clip: 'none' }, 5)) {
      expect(r.normAfter).toBe(r.normBefore);
    }
  });
});

describe('learning to recall across 29 steps', () => {
  // T = 30, the default configuration (hidden 16, batch 32, Adam 0.01, norm clipping at 1, forget bias 1),
  // seed 1, 300 steps each; accuracy is the mean over steps 201–300 (3,200 fresh sequences; chance 1/4).
  // Measured: LSTM 1.00, RNN 0.25 — the RNN stays at chance. Bounds: LSTM ≥ 0.95, RNN ≤ 0.35.
  // After training, the share of the gradient at h_T that reaches h_1 (‖∂L/∂h_1‖ / ‖∂L/∂h_30‖, geometric mean
  // over steps 251–300): measured LSTM 1.4e-2, RNN 4.2e-7, a ratio of 3.5e4. Bound: at least 1e3 (margin 35×).
  // Other seeds (600 steps, not run here for time): seeds 2 and 3 bring the RNN to 0.50 (it tells apart two
  // groups of cues) and the forget-bias-1 LSTM to 0.50 and 0.76; with forget bias 2 the LSTM reaches ≥ 0.99 for
  // seeds 1–3 within 300 steps. At T = 50, 600 steps are not enough for either cell with these settings.
  it('the LSTM solves the task at T = 30 while the RNN stays at chance', async () => {
    const rnn = await trace({ cell: 'rnn', length: 30, seed: 1 }, 300);
    const lstm = await trace({ cell: 'lstm', length: 30, seed: 1 }, 300);
    const acc = (rs: SequenceReport[]) => mean(rs.slice(200).map((r) => r.accuracy));
    const reach = (rs: SequenceReport[]) =>
      Math.exp(mean(rs.slice(250).map((r) => Math.log(r.hiddenGradNorms[0]! / r.hiddenGradNorms[29]!))));
    expect(acc(lstm)).toBeGreaterThanOrEqual(0.95);
    expect(acc(rnn)).toBeLessThanOrEqual(0.35);
    expect(reach(lstm) / reach(rnn)).toBeGreaterThan(1e3);
  }, 300_000);
});
