/**
 * The claims of content/causes/activations.mdx (and its Chinese edition) that are made in words, held on the code
 * that produces the chapter's figures and numbers. Numbers printed in the chapter come from <TraceValue>,
 * <NetworkValue> and <ActivationValue>, which check their own claims at build time; these tests cover what the
 * prose says around them. Seed 1 unless said.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { scalarActivation, slopeMaximum } from '../../src/core/activation-scalars';
import { mlpExperiment } from '../../src/core/experiments/mlp';
import { readMlp } from '../../src/core/experiments/mlp-readings';
import { networkExperiment } from '../../src/core/experiments/network';
import { readNetwork } from '../../src/core/experiments/network-readings';
import { circleTask } from '../../src/core/tasks';
import { createRng } from '../../src/core/random';
import { buildRun } from '../../src/ssr/runs';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const sigmoid = scalarActivation('sigmoid');
const tanh = scalarActivation('tanh');
const mlp = (over: Record<string, unknown>, steps: number) => buildRun(mlpExperiment, over, steps);
const network = (over: Record<string, unknown>, steps: number) => buildRun(networkExperiment, over, steps);
const grid = (lo: number, hi: number, n = 2001) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

describe('activations chapter: the two functions', () => {
  it('"tanh(x) = 2σ(2x) − 1" and "tanh′(x) = 1 − tanh²(x) = 4σ′(2x)"', () => {
    for (const x of grid(-8, 8)) {
      expect(tanh.f(x)).toBeCloseTo(2 * sigmoid.f(2 * x) - 1, 12);
      expect(tanh.df(x)).toBeCloseTo(4 * sigmoid.df(2 * x), 12);
    }
  });

  // slopeMaximum finds σ′ = 0.25 and tanh′ = 1 at x = 0 (to 1e-9); away from 0 both are strictly smaller.
  it('"σ′ ≤ 1/4 and tanh′ ≤ 1, each reached only at x = 0"', () => {
    const s = slopeMaximum(sigmoid);
    const t = slopeMaximum(tanh);
    expect(s.value).toBeCloseTo(0.25, 9);
    expect(t.value).toBeCloseTo(1, 9);
    expect(Math.abs(s.x)).toBeLessThan(1e-6);
    expect(Math.abs(t.x)).toBeLessThan(1e-6);
    for (const x of grid(-8, 8).filter((x) => Math.abs(x) > 1e-3)) {
      expect(sigmoid.df(x)).toBeLessThan(0.25);
      expect(tanh.df(x)).toBeLessThan(1);
    }
  });

  // "tanh is the steeper near 0, the flatter beyond a point; already at x = 2 it is the smaller" (the crossing is at
  // |x| = 1.66; at x = 2 tanh′ = 0.071 against σ′ = 0.105).
  it('"already at x = 2 tanh is the flatter of the two", and stays so further out', () => {
    expect(tanh.df(0)).toBeGreaterThan(sigmoid.df(0));
    for (const x of grid(2, 20)) expect(tanh.df(x)).toBeLessThan(sigmoid.df(x));
  });

  // tanh on |x| ≤ 6 only: further out the gap between tanh′ and its upper bound, a factor 1 − 2e^{−2|x|}, drowns in the
  // cancellation of 1 − tanh² even in float64 (at x = 10 the computed tanh′ exceeds the bound by 7e-9 relatively).
  it('the tail bounds: e^{−|x|}/4 < σ′(x) < e^{−|x|} and e^{−2|x|} < tanh′(x) < 4e^{−2|x|} for x ≠ 0', () => {
    for (const x of grid(-15, 15).filter((x) => Math.abs(x) > 1e-3)) {
      expect(sigmoid.df(x)).toBeLessThan(Math.exp(-Math.abs(x)));
      expect(sigmoid.df(x)).toBeGreaterThan(Math.exp(-Math.abs(x)) / 4);
    }
    for (const x of grid(-6, 6).filter((x) => Math.abs(x) > 1e-3)) {
      expect(tanh.df(x)).toBeLessThan(4 * Math.exp(-2 * Math.abs(x)));
      expect(tanh.df(x)).toBeGreaterThan(Math.exp(-2 * Math.abs(x)));
    }
  });

  // The exercise: ln 1000 = 6.908 ("≈ 6.91"), ½ ln 4000 = 4.147 ("≈ 4.15"); the bounds then guarantee a slope
  // below 10⁻³, and the lower bounds show it cannot happen before |x| = ln 250 = 5.52 (σ) and ½ ln 1000 = 3.45 (tanh).
  it('the exercise on the tails: where the slope is sure to be below 10⁻³', () => {
    expect(Math.log(1000)).toBeCloseTo(6.91, 2);
    expect(Math.log(4000) / 2).toBeCloseTo(4.15, 2);
    expect(Math.log(250)).toBeCloseTo(5.52, 2);
    expect(Math.log(1000) / 2).toBeCloseTo(3.45, 2);
    for (const x of grid(6.91, 20)) expect(sigmoid.df(x)).toBeLessThan(1e-3);
    for (const x of grid(4.15, 20)) expect(tanh.df(x)).toBeLessThan(1e-3);
    for (const x of grid(0, 5.52)) expect(sigmoid.df(x)).toBeGreaterThan(1e-3);
    for (const x of grid(0, 3.45)) expect(tanh.df(x)).toBeGreaterThan(1e-3);
    // "a tanh unit loses its slope at a little more than half the distance": 4.15 / 6.91 = 0.60, 3.45 / 5.52 = 0.63.
    for (const r of [4.15 / 6.91, 3.45 / 5.52]) {
      expect(r).toBeGreaterThan(0.5);
      expect(r).toBeLessThan(0.65);
    }
  });

  // Measured with tfjs (wasm, float32): tanh(9.5) is exactly 1 and its gradient exactly 0; at 8.5 the gradient is
  // 1.8e-7 (float64: 1.65e-7). "Once x exceeds about 9" — the float32 threshold is ½ ln(2^26) ≈ 9.01.
  it('"in single precision tanh rounds to exactly 1 once x exceeds about 9, and its slope is exactly 0"', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.tanh(x)));
    const x = tf.tensor1d([8.5, 9.5, 12, -9.5]);
    const [y, dy] = [tf.tanh(x), g(x)];
    const ys = y.arraySync() as number[];
    const dys = dy.arraySync() as number[];
    tf.dispose([x, y, dy]);
    expect(dys[0]).toBeGreaterThan(0);
    expect(ys.slice(1)).toEqual([1, 1, -1]);
    expect(dys.slice(1).map(Math.abs)).toEqual([0, 0, 0]);
  });
});

describe('activations chapter: sigmoid against tanh in a 20-layer network (Xavier)', () => {
  // Measured at step 1: per-layer factor 0.196 (sigmoid) and 0.956 (tanh); the pre-activations of the tanh network
  // spread 0.193 (hidden layer 1) … 0.084 (hidden layer 19), all below 0.2, where tanh′ ≥ 0.961.
  it('"the tanh units work near 0, where the slope is nearly 1": every hidden layer’s pre-activation spread < 0.2', async () => {
    const { reports } = await network({ depth: 20, activation: 'tanh' }, 1);
    for (const s of reports[0]!.preStd) expect(s).toBeLessThan(0.2);
    expect(tanh.df(0.2)).toBeGreaterThan(0.96);
  });

  // Measured at step 200: mean activation of hidden layers 1 … 19 between 0.480 and 0.520 (sigmoid) and between
  // −0.075 and 0.006 (tanh). Bounds: [0.45, 0.55] and |mean| < 0.1.
  it('"every sigmoid layer’s mean activation is near 1/2, every tanh layer’s near 0"', async () => {
    const s = (await network({ depth: 20, activation: 'sigmoid' }, 200)).reports.at(-1)!;
    const t = (await network({ depth: 20, activation: 'tanh' }, 200)).reports.at(-1)!;
    for (const m of s.actMean) {
      expect(m).toBeGreaterThan(0.45);
      expect(m).toBeLessThan(0.55);
    }
    for (const m of t.actMean) expect(Math.abs(m)).toBeLessThan(0.1);
  });

  // Glorot & Bengio saw the top sigmoid layer driven to 0; here the last hidden layer's mean stays in [0.48, 0.53]
  // at every one of the 200 steps (bound [0.4, 0.6]).
  it('"in the 200 steps above, the top sigmoid layer is not driven to 0"', async () => {
    const { reports } = await network({ depth: 20, activation: 'sigmoid' }, 200);
    for (const r of reports) {
      expect(r.actMean.at(-1)!).toBeGreaterThan(0.4);
      expect(r.actMean.at(-1)!).toBeLessThan(0.6);
    }
  });
});

describe('activations chapter: large weights in a tanh network (N(0, 1), depth 20)', () => {
  const config = { depth: 20, activation: 'tanh', init: 'normal', initScale: 1 };

  it('"√32 ≈ 5.7"', () => {
    expect(Math.sqrt(32)).toBeCloseTo(5.7, 1);
  });

  /** The share of a tanh layer's outputs in the histogram's two end bins: |tanh z| > 11/12, i.e. tanh′(z) < 0.16. */
  const tails = (histogram: number[]) => histogram[0]! + histogram.at(-1)!;

  // Measured at step 1: the hidden layers' pre-activation spreads are 0.80 (layer 1), then 3.1 … 5.7 (layers 2–19);
  // in layers 2–19, 62% to 80% of the outputs lie beyond ±11/12, where tanh′ < 0.16 ("most hidden units sit in the
  // flat tails"; bound > 50%). Yet every layer's gradient is larger than the one above it.
  it('"most units start in the tails, and still the gradient grows towards the input at every layer"', async () => {
    const first = (await network(config, 1)).reports[0]!;
    for (const s of first.preStd.slice(1)) expect(s).toBeGreaterThan(3);
    for (const h of first.histograms.slice(1)) expect(tails(h)).toBeGreaterThan(0.5);
    expect(1 - Math.tanh(Math.atanh(11 / 12)) ** 2).toBeLessThan(0.16);
    for (let l = 0; l + 1 < first.gradNorms.length; l++)
      expect(first.gradNorms[l]!).toBeGreaterThan(first.gradNorms[l + 1]!);
  });

  // Measured: at step 2 the spread of every one of hidden layers 1–4 exceeds 70 (445, 175, 263, 73); at step 200
  // the first layer's is 475. Its gradient: 1e4 at step 1, 0.36 at step 2, 3.7e-7 at step 3, 2e-15 at step 10,
  // 1.2e-20 at step 200 (bound: below 1e-12 from step 10 on).
  it('"one update throws the first layers into saturation, and their gradient never recovers"', async () => {
    const { reports, divergence } = await network(config, 200);
    expect(divergence).toBeNull();
    for (const s of reports[1]!.preStd.slice(0, 4)) expect(s).toBeGreaterThan(50);
    for (const r of reports.slice(9)) expect(r.gradNorms[0]!).toBeLessThan(1e-12);
    // "Nearly all of those units are now saturated, and they stay so": from step 2 to step 200 at least 95% of the
    // first hidden layer's outputs lie beyond ±11/12 (measured: 99.6% to 100%).
    for (const r of reports.slice(1)) expect(tails(r.histograms[0]!)).toBeGreaterThan(0.95);
    expect(readNetwork(reports, 'pre-std', { layer: 1 })).toBeGreaterThan(100);
  });

  // Measured over the last 50 steps: loss 0.680, accuracy 0.582. 57.6% of the seeded 512 points lie outside the
  // circle; a network that ignores its input does best answering that share everywhere: accuracy 0.576, loss = the
  // labels' entropy H(p), 0.682 (<TaskValue value="base-loss">). "No better than that": accuracy below the share
  // + 0.02, loss within 0.03 of H(p).
  it('"no better than" H(p), the loss of a network that ignores its input and answers the base rate', async () => {
    const { reports } = await mlp(config, 200);
    const data = circleTask(createRng(1).fork(), 512);
    let inside = 0;
    for (let i = 0; i < data.n; i++) inside += data.y[i]!;
    const p = inside / data.n;
    const entropy = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    expect(1 - p).toBeGreaterThan(0.5);
    expect(readMlp(reports, 'accuracy', 200, 50)).toBeLessThan(1 - p + 0.02);
    expect(Math.abs(readMlp(reports, 'loss', 200, 50) - entropy)).toBeLessThan(0.03);
  });

  // The heat map of A (layers × steps, brightness = log gradient norm). Measured: the brightest cell is layer 2 at
  // step 2 (1.1e4); the darkest is layer 1 (1.0e-21), and from step 10 on the first layer's row never exceeds
  // 5.9e-15, below every cell of layers 9–20 (their smallest: 5.8e-9). Bounds: the brightest cell within the first
  // two steps; the darkest in the first layer; the first row after step 10 below the smallest cell of the top half.
  it('"in the heat map the brightest cells are in the first columns; the rows nearest the input are the darkest, and stay dark"', async () => {
    const { reports } = await mlp(config, 200);
    let brightest = { v: -Infinity, step: 0 };
    let darkest = { v: Infinity, layer: 0 };
    reports.forEach((r) =>
      r.gradNorms.forEach((v, l) => {
        if (v > brightest.v) brightest = { v, step: r.step };
        if (v < darkest.v) darkest = { v, layer: l + 1 };
      }),
    );
    expect(brightest.step).toBeLessThanOrEqual(2);
    expect(darkest.layer).toBe(1);
    const firstRowLater = Math.max(...reports.slice(9).map((r) => r.gradNorms[0]!));
    const topHalfMin = Math.min(...reports.flatMap((r) => r.gradNorms.slice(10)));
    expect(firstRowLater).toBeLessThan(topHalfMin);
  });

  // Measured: the same settings with Xavier initialisation reach loss 0.541 and accuracy 0.736 over the last 50
  // steps (asserted: loss < 0.6, accuracy > 0.7), the run above 0.680 and 0.582.
  it('"with Xavier initialisation the same network learns"', async () => {
    const { reports } = await mlp({ ...config, init: 'xavier-normal' }, 200);
    expect(readMlp(reports, 'loss', 200, 50)).toBeLessThan(0.6);
    expect(readMlp(reports, 'accuracy', 200, 50)).toBeGreaterThan(0.7);
  });
});

describe('activations chapter: the exercises', () => {
  // The exercise on a sigmoid network in disguise: a tanh network equals a sigmoid network with first-layer weights
  // ×2, hidden weights ×4, output weights ×2 and shifted biases. Checked on a random 4-layer network in float64.
  it('a tanh network is a sigmoid network with weights 2W₁, 4W_l, 2W_L and shifted biases', () => {
    const rng = createRng(7);
    const dims = [3, 5, 5, 5, 1];
    const W = dims
      .slice(1)
      .map((n, l) => Array.from({ length: n }, () => Array.from({ length: dims[l]! }, () => rng.normal())));
    const b = dims.slice(1).map((n) => Array.from({ length: n }, () => rng.normal()));
    const mv = (M: number[][], v: number[]) => M.map((row) => row.reduce((s, w, j) => s + w * v[j]!, 0));
    const L = W.length;
    for (let trial = 0; trial < 20; trial++) {
      const x = Array.from({ length: 3 }, () => rng.normal());
      let a = x;
      W.forEach((Wl, l) => {
        const z = mv(Wl, a).map((v, i) => v + b[l]![i]!);
        a = l === L - 1 ? z : z.map(Math.tanh);
      });
      let s = x;
      W.forEach((Wl, l) => {
        const scale = l === 0 || l === L - 1 ? 2 : 4;
        const rowSums = Wl.map((row) => row.reduce((u, w) => u + w, 0));
        // Biases: 2b₁ for the first layer; 2b_l − 2W_l·1 in between; b_L − W_L·1 at the output.
        const bias = b[l]!.map((bi, i) =>
          l === 0 ? 2 * bi : l === L - 1 ? bi - rowSums[i]! : 2 * bi - 2 * rowSums[i]!,
        );
        const z = mv(
          Wl.map((row) => row.map((w) => scale * w)),
          s,
        ).map((v, i) => v + bias[i]!);
        s = l === L - 1 ? z : z.map(sigmoid.f);
      });
      expect(s[0]).toBeCloseTo(a[0]!, 10);
    }
  });
});

describe('activations chapter: the warm-up', () => {
  // σ′(0)/σ′(5) = 0.25/0.00665 = 37.6 ("about 40 times"); tanh′(0)/tanh′(5) = 1/1.82e-4 = 5507 ("more than five
  // thousand times"); tanh′(5) < σ′(5) ("tanh's tails are the flatter").
  it('"about 40 times less", "more than five thousand times less", tanh\'s tails the flatter', () => {
    expect(sigmoid.df(0) / sigmoid.df(5)).toBeGreaterThan(35);
    expect(sigmoid.df(0) / sigmoid.df(5)).toBeLessThan(45);
    expect(tanh.df(0) / tanh.df(5)).toBeGreaterThan(5000);
    expect(tanh.df(5)).toBeLessThan(sigmoid.df(5));
  });
});
