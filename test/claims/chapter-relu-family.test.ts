/**
 * The claims of content/remedies/relu-family.mdx (and its Chinese edition) that are made in words, held on the code
 * that produces the chapter's figures and numbers. Numbers printed in the chapter come from <RemedyValue> and
 * <ActivationValue>, which check their own claims at build time; these tests cover what the prose says around them.
 * The runs are those of <ReluFamilyLab> (10 layers, width 32, He initialisation, learning rate 0.1, 150 steps),
 * seed 1 unless said.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { remedyRun, remedyValuePropsSchema } from '../../src/authoring/schemas/remedy-value';
import { initBackend } from '../../src/core/backend';
import { scalarActivation } from '../../src/core/activation-scalars';
import { getActivation } from '../../src/core/activations';
import { createNetworkSession, networkExperiment, type NetworkConfig } from '../../src/core/experiments/network';
import { readNetwork } from '../../src/core/experiments/network-readings';
import { createRng } from '../../src/core/random';
import { circleTask } from '../../src/core/tasks';
import * as tf from '../../src/core/tf';
import { buildRun } from '../../src/ssr/runs';
import { runStepsSliced } from '../../src/ssr/sliced-run';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

/** The configuration and steps of the lab's lane with these settings: the run the chapter's figure draws. */
const lane = (settings: Record<string, unknown>) =>
  remedyRun(remedyValuePropsSchema.parse({ lab: 'ReluFamilyLab', value: 'loss', ...settings }));
const labRun = (settings: Record<string, unknown>, steps?: number) => {
  const { config, steps: s } = lane(settings);
  return buildRun(networkExperiment, config, steps ?? s);
};
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const grid = (lo: number, hi: number, n = 2001) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

/**
 * What the whole data set (the 512 seeded points) does in each hidden layer of the lab's network after `steps`
 * training steps: the share of units whose input is ≤ 0 on every point, the length of the mean output vector over
 * the RMS deviation from it (the "shared part" against the "deviations"), and the spread of the logits.
 */
async function onTheData(config: NetworkConfig, steps: number) {
  const session = createNetworkSession(config);
  try {
    await runStepsSliced(session, steps);
    const data = circleTask(createRng(config.seed).fork(), 512);
    const dead: number[] = [];
    const shared: number[] = [];
    const logitStd = tf.tidy(() => {
      const x = tf.tensor2d(data.x, [data.n, data.inputDim]);
      const logits = session.network.forward(x, {
        training: true,
        probe: (_, t) => {
          dead.push(tf.mean(tf.cast(tf.lessEqual(tf.max(t.pre, 0), 0), 'float32')).dataSync()[0]!);
          const m = tf.mean(t.act, 0);
          const deviation = tf.sqrt(tf.mean(tf.sum(tf.square(tf.sub(t.act, m)), 1)));
          shared.push(tf.norm(m).dataSync()[0]! / deviation.dataSync()[0]!);
        },
      });
      return Math.sqrt(tf.moments(logits).variance.dataSync()[0]!);
    });
    return { dead, shared, logitStd };
  } finally {
    session.dispose();
  }
}

describe('relu-family chapter: the three functions', () => {
  const relu = scalarActivation('relu');
  const leaky = scalarActivation('leaky-relu', { leakyAlpha: 0.1 });
  const elu = scalarActivation('elu', { eluAlpha: 1 });

  it('the definitions and slopes of ReLU, Leaky ReLU and ELU, from the table the explorer draws', () => {
    for (const x of grid(-8, 8).filter((x) => x !== 0)) {
      expect(relu.f(x)).toBe(Math.max(0, x));
      expect(relu.df(x)).toBe(x > 0 ? 1 : 0);
      expect(leaky.f(x)).toBeCloseTo(x > 0 ? x : 0.1 * x, 12);
      expect(leaky.df(x)).toBeCloseTo(x > 0 ? 1 : 0.1, 12);
      expect(elu.f(x)).toBeCloseTo(x > 0 ? x : Math.exp(x) - 1, 12);
      expect(elu.df(x)).toBeCloseTo(x > 0 ? 1 : Math.exp(x), 12);
    }
    // "levels off at −α": ELU_α(x) → −α as x → −∞.
    for (const a of [0.5, 1, 2]) expect(scalarActivation('elu', { eluAlpha: a }).f(-40)).toBeCloseTo(-a, 12);
  });

  // The exercise: ELU′(x) = ELU(x) + α for x ≤ 0; the left slope at 0 is α, so f′ is continuous there iff α = 1.
  it('"ELU′(x) = ELU(x) + α on the negative side", continuous at 0 only for α = 1', () => {
    for (const a of [0.5, 1, 2]) {
      const e = scalarActivation('elu', { eluAlpha: a });
      for (const x of grid(-10, -1e-6)) expect(e.df(x)).toBeCloseTo(e.f(x) + a, 12);
      expect(e.df(-1e-9)).toBeCloseTo(a, 6);
      expect(e.df(1e-9)).toBe(1);
    }
  });

  // Measured with tfjs (wasm): the gradient of ReLU at exactly 0 is 0.
  it('"TensorFlow.js uses 0 for ReLU′(0)"', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.relu(x)));
    const x = tf.tensor1d([-1, 0, 1]);
    const dx = g(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 0, 1]);
    tf.dispose([x, dx]);
  });

  // "A strongly negative ELU unit is nearly as flat as a saturated sigmoid unit": ELU′(x) / σ′(x) = (1 + eˣ)² for x < 0,
  // between 1 and 1.11 for x ≤ −3; at x = −5 (ELU′ = e⁻⁵ = 0.0067, σ′ = 0.0066) within 2%.
  it('"ELU’s negative tail dies out as fast as the sigmoid’s"', () => {
    const sigmoid = scalarActivation('sigmoid');
    for (const x of grid(-12, -3)) {
      expect(elu.df(x) / sigmoid.df(x)).toBeCloseTo((1 + Math.exp(x)) ** 2, 9);
      expect(elu.df(x) / sigmoid.df(x)).toBeLessThan(1.11);
    }
    expect(elu.df(-5) / sigmoid.df(-5)).toBeLessThan(1.02);
  });

  // The exercise on centring: for z ~ N(0, 1), E[ReLU] = 1/√(2π) = 0.399, E[LReLU_0.01] = 0.99/√(2π) = 0.395,
  // E[ELU_1] = 1/√(2π) + e^{1/2}Φ(−1) − 1/2 = 0.1605 (Φ(−1) = 0.15866). Quadrature on [−12, 12].
  it('the exercise on centring: mean outputs 0.399, 0.395 and 0.161 for z ~ N(0, 1)', () => {
    const xs = grid(-12, 12, 240_001);
    const h = xs[1]! - xs[0]!;
    const expect01 = (f: (x: number) => number) =>
      xs.reduce((s, x) => s + f(x) * Math.exp((-x * x) / 2), 0) * (h / Math.sqrt(2 * Math.PI));
    const lk = scalarActivation('leaky-relu', { leakyAlpha: 0.01 });
    expect(expect01(relu.f)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 6);
    expect(expect01(relu.f)).toBeCloseTo(0.399, 3);
    expect(expect01(lk.f)).toBeCloseTo(0.395, 3);
    expect(expect01(elu.f)).toBeCloseTo(0.161, 3);
    const phiMinus1 = expect01((x) => (x < -1 ? 1 : 0));
    expect(phiMinus1).toBeCloseTo(0.159, 3);
    expect(Math.exp(0.5) * phiMinus1 - 0.5).toBeCloseTo(-0.238, 3);
  });

  // The exercise on He's scale for a leaky unit: √(1 + α²) = 1.005 for α = 0.1, and 1.005⁵⁰ = 1.28.
  it('the exercise on He’s scale for Leaky ReLU: 1.005 per layer, 1.28 over 50 layers', () => {
    expect(Math.sqrt(1.01)).toBeCloseTo(1.005, 3);
    expect(Math.sqrt(1.01) ** 50).toBeCloseTo(1.28, 2);
    expect(Math.sqrt(1 / 2)).toBeCloseTo(0.71, 2);
    expect(Math.sqrt(32 / 2)).toBe(4);
  });
});

describe('relu-family chapter: sigmoid against ReLU (10 layers)', () => {
  // Measured at step 1, ReLU + He: the weight layers 2 … 9 (between hidden layers) have gradient norms 0.378 … 0.630
  // (factor 1.67 < 2); at step 150, 0.0844 … 0.316 (factor 3.7, "almost 4": bound [3, 4]).
  it('"the gradient norms differ by less than a factor of 2 at the first step, and almost 4 after 150 steps"', async () => {
    const { reports } = await labRun({});
    const spread = (r: { gradNorms: number[] }) => {
      const g = r.gradNorms.slice(1, 9);
      return Math.max(...g) / Math.min(...g);
    };
    expect(spread(reports[0]!)).toBeLessThan(2);
    expect(spread(reports.at(-1)!)).toBeGreaterThan(3);
    expect(spread(reports.at(-1)!)).toBeLessThan(4);
  });

  // Measured: the sigmoid network's loss is 0.673 at step 1 and 0.679 averaged over its last 50 steps ("about where
  // it started": within 0.03).
  it('"the sigmoid network’s loss is still about where it started"', async () => {
    const { reports } = await labRun({ activation: 'sigmoid', init: 'xavier-normal' });
    expect(Math.abs(readNetwork(reports, 'loss', { window: 50 }) - reports[0]!.loss)).toBeLessThan(0.03);
  });
});

describe('relu-family chapter: dead units', () => {
  // Measured at step 1, share of units with input ≤ 0 on the first minibatch: 0, 6.3%, 15.6%, 21.9%, 34.4%, 31.3%,
  // 25.0%, 28.1%, 31.3%; on all 512 points the same except hidden layer 2 (3.1%): one unit of the 288 is silent on
  // the minibatch only.
  it('"all of them but one are silent on all 512 points, not only on the first minibatch"', async () => {
    const { config } = lane({});
    const batch = (await labRun({}, 1)).reports[0]!.deadFraction;
    const data = (await onTheData(config, 0)).dead;
    let units = 0;
    data.forEach((d, l) => {
      expect(d, `hidden layer ${l + 1}`).toBeLessThanOrEqual(batch[l]! + 1e-9);
      units += Math.round((batch[l]! - d) * 32);
    });
    expect(units).toBe(1);
    expect(Math.max(...data)).toBeGreaterThan(0.3);
  });

  // Hidden layer 1 is never silent for a whole batch at step 1, on seeds 1–5 ("its inputs are points spread around
  // the origin and its biases start at 0"); it is 0 on every one.
  it('"the first layer is spared" — on every seed tried', async () => {
    for (const seed of [1, 2, 3, 4, 5]) expect((await labRun({ seed }, 1)).reports[0]!.deadFraction[0]).toBe(0);
    const data = circleTask(createRng(1).fork(), 512);
    // "points of the plane spread around the origin": the inputs fill [−1, 1]², with a mean near 0.
    let mx = 0;
    let my = 0;
    for (let i = 0; i < data.n; i++) {
      mx += data.x[2 * i]! / data.n;
      my += data.x[2 * i + 1]! / data.n;
    }
    expect(Math.hypot(mx, my)).toBeLessThan(0.1);
  });

  // Measured at step 1 on all 512 points: |mean output| / RMS deviation is 0.75 in hidden layer 1 and 1.05 … 1.78 in
  // hidden layers 2–9 (ReLU); 0.22 … 0.91 for ELU, smaller than ReLU's in every layer.
  it('"the shared part is smaller than the deviations in the first hidden layer and larger in every layer after it"; ELU’s is smaller everywhere', async () => {
    const relu = (await onTheData(lane({}).config, 0)).shared;
    const elu = (await onTheData(lane({ activation: 'elu' }).config, 0)).shared;
    expect(relu[0]!).toBeLessThan(1);
    for (const r of relu.slice(1)) expect(r).toBeGreaterThan(1);
    elu.forEach((e, l) => expect(e, `hidden layer ${l + 1}`).toBeLessThan(relu[l]!));
    // "The silent units appear from the second layer on."
    const dead = (await labRun({}, 1)).reports[0]!.deadFraction;
    expect(dead[0]).toBe(0);
    for (const d of dead.slice(1)) expect(d).toBeGreaterThan(0);
  });

  // Measured (learning rate 1): loss 0.641 at step 1, 3.96 at step 2. Silent share 21.5% → 68.1% at step 150, hidden
  // layer 9: 96.9%. On all 512 points after 150 steps, 47% … 97% of the units of hidden layers 2–9 are dead (mean over
  // layers 2–9: 0.738; bound > 0.5, "most of them"); the logits vary across the 512 points with a standard deviation
  // of 1.7e-5 ("maps every input to nearly the same output": bound 0.05), against 6.3 with learning rate 0.1.
  it('"most of them are dead on every point; what is left maps every input to nearly the same output"', async () => {
    const big = await onTheData(lane({ learningRate: 1 }).config, 150);
    expect(mean(big.dead.slice(1))).toBeGreaterThan(0.5);
    expect(big.dead[8]!).toBeGreaterThan(0.9);
    expect(big.logitStd).toBeLessThan(0.05);
    expect((await onTheData(lane({}).config, 150)).logitStd).toBeGreaterThan(1);
  });

  // Measured: 57.6% of the seeded 512 points lie outside the circle; a network that ignores its input does best with
  // loss = the labels' entropy, 0.682. The learning-rate-1 run averages 0.679 over its last 50 steps (within 0.03).
  it('"no better than the H(p) of a network that ignores its input and answers the data’s base rate"', async () => {
    const data = circleTask(createRng(1).fork(), 512);
    let inside = 0;
    for (let i = 0; i < data.n; i++) inside += data.y[i]!;
    const p = inside / data.n;
    const entropy = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    const { reports, divergence } = await labRun({ learningRate: 1 });
    expect(divergence).toBeNull();
    expect(Math.abs(readNetwork(reports, 'loss', { window: 50 }) - entropy)).toBeLessThan(0.03);
  });

  // Seeds 2–5 at learning rate 1 (150 steps): silent share 52%, 31%, diverged at step 87, 55%; seed 3 partly recovers
  // (loss 0.088 at step 150). "The outcome varies; a large share of dead units is the typical result": on at least
  // three of the five seeds the run either diverges or ends with more than 40% silent.
  it('"on other seeds the outcome varies, but a large share of dead units is the typical result"', async () => {
    let bad = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const { reports, divergence } = await labRun({ learningRate: 1, seed });
      if (divergence || mean(reports.at(-1)!.deadFraction) > 0.4) bad++;
    }
    expect(bad).toBeGreaterThanOrEqual(3);
  });

  // The exercise on a dead unit, in tfjs: a ReLU layer whose unit 0 has input ≤ 0 on every example gets exactly zero
  // gradient for that unit's weights and bias, while the other unit's are not zero.
  it('the exercise: a dead unit’s weights and bias receive exactly zero gradient', () => {
    const x = tf.tensor2d([
      [1, 2],
      [0.5, -1],
      [-2, 0.3],
      [3, 1],
    ]);
    const W = tf.variable(
      tf.tensor2d([
        [-1, 1],
        [-1, 0.5],
      ]),
    );
    const b = tf.variable(tf.tensor1d([-10, 0.2]));
    const { grads, value } = tf.variableGrads(
      () => tf.sum(tf.square(tf.relu(tf.add(tf.matMul(x, W), b)))) as tf.Scalar,
      [W, b],
    );
    const gW = grads[W.name]!.arraySync() as number[][];
    const gb = grads[b.name]!.arraySync() as number[];
    expect(gW.map((row) => row[0])).toEqual([0, 0]);
    expect(gb[0]).toBe(0);
    expect(gb[1]).not.toBe(0);
    tf.dispose([x, W, b, value, ...Object.values(grads)]);
  });

  // The exercise's last question, by gradient descent on the same layer with an L2 penalty on W only (η = 0.1,
  // α₂ = 0.5, so W shrinks by 0.9 per step): of two units dead on every example, the one with b > 0 comes back (its
  // input turns positive on an example), the one with b < 0 never does, and its bias never moves.
  it('the exercise: with L2 a dead unit whose bias is positive comes back, one whose bias is negative stays dead', () => {
    const x = tf.tensor2d([
      [1, 2],
      [0.5, 1],
      [2, 0.3],
      [3, 1],
    ]);
    const W = tf.variable(
      tf.tensor2d([
        [-3, -3],
        [-3, -3],
      ]),
    );
    const b = tf.variable(tf.tensor1d([0.5, -0.5]));
    const pre = () => tf.tidy(() => tf.add(tf.matMul(x, W), b).arraySync() as number[][]);
    // Both units start with input ≤ 0 on every example (w·x ≤ −4.5 on each of these four points).
    expect(pre().every((row) => row[0]! <= 0 && row[1]! <= 0)).toBe(true);
    let revived = 0;
    for (let step = 1; step <= 200 && !revived; step++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () =>
            tf.add(
              tf.sum(tf.square(tf.relu(tf.add(tf.matMul(x, W), b)))),
              tf.mul(0.5, tf.sum(tf.square(W))),
            ) as tf.Scalar,
          [W, b],
        );
        W.assign(tf.sub(W, tf.mul(0.1, grads[W.name]!)));
        b.assign(tf.sub(b, tf.mul(0.1, grads[b.name]!)));
      });
      const z = pre();
      if (z.some((row) => row[0]! > 0)) revived = step;
      expect(
        z.every((row) => row[1]! <= 0),
        `step ${step}`,
      ).toBe(true);
    }
    expect(revived).toBeGreaterThan(0);
    expect(Array.from(b.dataSync())[1]).toBeCloseTo(-0.5, 6);
    tf.dispose([x, W, b]);
  });
});

describe('relu-family chapter: the leak and the centre', () => {
  // Measured at step 1: ELU 0.7% silent, Leaky ReLU (α = 0.01) 21.2%, ReLU 21.5%. After 150 steps at learning rate
  // 0.1 the losses are 0.182 (ReLU), 0.160 (Leaky), 0.139 (ELU), averaged over the last 50: "all three learn the task"
  // (bound < 0.3 each).
  it('"all three networks learn the task at learning rate 0.1"', async () => {
    for (const activation of ['relu', 'leaky-relu', 'elu']) {
      const { reports, divergence } = await labRun({ activation });
      expect(divergence).toBeNull();
      expect(readNetwork(reports, 'loss', { window: 50 })).toBeLessThan(0.3);
    }
  });

  // "Leaky ReLU with α = 0.01 is almost the same function as ReLU": the two networks share their weights, and at
  // step 1 every hidden layer's silent share differs by at most one unit in 32.
  it('"Leaky ReLU with α = 0.01 starts with almost the same share below zero"', async () => {
    const relu = (await labRun({}, 1)).reports[0]!.deadFraction;
    const leaky = (await labRun({ activation: 'leaky-relu' }, 1)).reports[0]!.deadFraction;
    leaky.forEach((v, l) => expect(Math.abs(v - relu[l]!)).toBeLessThanOrEqual(1 / 32 + 1e-9));
  });
});

describe('relu-family chapter: GELU and SiLU', () => {
  const gelu = scalarActivation('gelu');
  const silu = scalarActivation('swish');
  const relu = scalarActivation('relu');
  /** The smallest value of f on a grid of step 1e-5 over [lo, hi], and where it lies. */
  const minimum = (f: (x: number) => number, lo: number, hi: number) => {
    let at = lo;
    for (let x = lo; x <= hi; x += 1e-5) if (f(x) < f(at)) at = x;
    return { at, value: f(at) };
  };

  it('the definitions x·Φ(x) and x·σ(x), and their slopes, from the table the explorer draws', () => {
    const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    // Φ by the trapezoid rule on the density from −12, independent of the table's erf.
    const Phi = (x: number) => {
      const n = 20_000;
      const h = (x + 12) / n;
      let s = (phi(-12) + phi(x)) / 2;
      for (let i = 1; i < n; i++) s += phi(-12 + i * h);
      return s * h;
    };
    for (const x of grid(-8, 8, 161)) {
      expect(gelu.f(x)).toBeCloseTo(x * Phi(x), 6);
      expect(gelu.df(x)).toBeCloseTo(Phi(x) + x * phi(x), 6);
      expect(silu.f(x)).toBeCloseTo(x * sig(x), 12);
      expect(silu.df(x)).toBeCloseTo(sig(x) + x * sig(x) * (1 - sig(x)), 12);
    }
  });

  // Measured: GELU's minimum is −0.16997 at x = −0.75179; SiLU's −0.27846 at x = −1.27846. The prose prints f(−0.75)
  // and f(−1.28) to two digits: the same as the minima.
  it('"the GELU’s smallest value, at x ≈ −0.75, and the SiLU’s, at x ≈ −1.28"', () => {
    const g = minimum(gelu.f, -3, 0);
    const s = minimum(silu.f, -3, 0);
    expect(Math.abs(g.at - -0.75)).toBeLessThan(0.005);
    expect(Math.abs(s.at - -1.28)).toBeLessThan(0.005);
    expect(gelu.f(-0.75).toPrecision(2)).toBe(g.value.toPrecision(2));
    expect(silu.f(-1.28).toPrecision(2)).toBe(s.value.toPrecision(2));
    expect(g.value.toPrecision(2)).toBe('-0.17');
    expect(s.value.toPrecision(2)).toBe('-0.28');
  });

  it('"their slope is 0 only at that minimum; below it negative, between it and 0 positive"', () => {
    for (const [act, lo] of [
      [gelu, -0.75179],
      [silu, -1.27846],
    ] as const) {
      for (const x of grid(-10, 10)) {
        if (Math.abs(x - lo) < 1e-3) continue;
        if (x < lo) expect(act.df(x), `x = ${x}`).toBeLessThan(0);
        else expect(act.df(x), `x = ${x}`).toBeGreaterThan(0);
      }
    }
  });

  // "From a distance they look like ReLU": for |x| ≥ 5 both are within 0.04 of ReLU (SiLU(−5) = −0.0335), with slope
  // within 0.03 of ReLU's (SiLU′(5) = 1.0265).
  it('"for large positive inputs almost x with slope almost 1; for large negative inputs almost 0"', () => {
    for (const x of [...grid(-20, -5), ...grid(5, 20)])
      for (const act of [gelu, silu]) {
        expect(Math.abs(act.f(x) - relu.f(x))).toBeLessThan(0.04);
        expect(Math.abs(act.df(x) - relu.df(x))).toBeLessThan(0.03);
      }
  });

  // "Further out both fade towards 0, the GELU's faster than the ELU's eˣ, the SiLU's a little more slowly", and the
  // last exercise: |GELU′| < ELU′ < |SiLU′| on [−12, −3], SiLU′(x) ≈ (1 + x)eˣ (to one decimal of the ratio below −6),
  // and GELU′(x) ≈ −|x|φ(x): their ratio is 1 − Φ(x)/(|x|φ(x)), within 1/x² of 1 by the Mills-ratio bound
  // Φ(x) ≤ φ(x)/|x| (x < 0).
  it('"the GELU’s slope fades faster than the ELU’s eˣ, the SiLU’s a little more slowly"', () => {
    const elu = scalarActivation('elu');
    for (const x of grid(-12, -3)) {
      expect(Math.abs(gelu.df(x))).toBeLessThan(elu.df(x));
      expect(elu.df(x)).toBeLessThan(Math.abs(silu.df(x)));
    }
    for (const x of grid(-20, -6)) expect(silu.df(x) / ((1 + x) * Math.exp(x))).toBeCloseTo(1, 1);
    for (const x of grid(-6, -3)) {
      const tail = (-Math.abs(x) * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
      expect(Math.abs(gelu.df(x) / tail - 1)).toBeLessThan(1 / (x * x) + 1e-3);
    }
  });

  // The exercise: SiLU′ vanishes where x = −(1 + eˣ); iterating from −1 gives −1.368, −1.255, −1.285, −1.277, −1.279,
  // settling at −1.278, and the minimum value is x* + 1 = −0.278.
  it('the exercise: x* = −(1 + e^{x*}), the iteration, and SiLU(x*) = x* + 1', () => {
    const printed = [-1.368, -1.255, -1.285, -1.277, -1.279];
    let x = -1;
    for (const p of printed) {
      x = -(1 + Math.exp(x));
      expect(x).toBeCloseTo(p, 3);
    }
    for (let i = 0; i < 50; i++) x = -(1 + Math.exp(x));
    expect(x).toBeCloseTo(-1.278, 3);
    expect(Math.abs(silu.df(x))).toBeLessThan(1e-12);
    expect(silu.f(x)).toBeCloseTo(x + 1, 12);
    expect(silu.f(x)).toBeCloseTo(-0.278, 3);
    expect(minimum(silu.f, -3, 0).at).toBeCloseTo(x, 4);
  });

  // "A unit whose input is below zero passes back f′(z) times its error signal, small but not 0": the networks
  // train with the tensor forms, whose gradient tfjs computes; it equals the table's f′ and is not 0 below zero.
  it('"a unit below zero still passes back f′(z) times its error signal" — in the tensor form the networks train with', () => {
    const xs = [-0.5, -1, -2, -3, -5];
    for (const [id, act] of [
      ['gelu', gelu],
      ['swish', silu],
    ] as const) {
      const g = tf.grad((x: tf.Tensor) => tf.sum(getActivation(id).apply(x)));
      const x = tf.tensor1d(xs);
      const dx = g(x);
      Array.from(dx.dataSync()).forEach((d, i) => {
        expect(d, `${id}′(${xs[i]})`).not.toBe(0);
        expect(Math.abs(d - act.df(xs[i]!))).toBeLessThan(1e-5 + 1e-3 * Math.abs(d));
      });
      tf.dispose([x, dx]);
    }
  });

  // Measured at step 1 (seed 1): units with input ≤ 0 for the whole minibatch, GELU 0.35% (one unit of 288), SiLU
  // 0.35%, against 21.5% for ReLU; on all 512 points none for either. |mean output| / RMS deviation on all 512
  // points: GELU 0.52 … 0.76, SiLU 0.40 … 0.66 (ReLU 0.75, then 1.05 … 1.78).
  it('"the shared part is smaller than the deviations; almost no unit starts below zero for a minibatch, none on all 512 points"', async () => {
    for (const activation of ['gelu', 'swish']) {
      const data = await onTheData(lane({ activation }).config, 0);
      data.shared.forEach((s, l) => expect(s, `${activation}, hidden layer ${l + 1}`).toBeLessThan(1));
      expect(Math.max(...data.dead), activation).toBe(0);
      const batch = (await labRun({ activation }, 1)).reports[0]!.deadFraction;
      expect(mean(batch), activation).toBeLessThan(0.01);
    }
  });

  // Measured at learning rate 1, 150 steps: GELU seeds 1–5 end with 9.0% below zero (loss 0.321), 29.5% (0.577),
  // 12.8% (0.429), diverged at step 130, diverged at step 91; ReLU on seeds 4 and 5 ends with 67.0% and 52.4% below
  // zero, loss 0.652 and 0.679, and never diverges. SiLU on seed 1: 12.8%, loss 0.242.
  it('"the GELU network survives on this seed; on two of seeds 2 to 5 it diverges, where the ReLU network’s units die"', async () => {
    const first = await labRun({ activation: 'gelu', learningRate: 1 });
    expect(first.divergence).toBeNull();
    const diverged: number[] = [];
    for (const seed of [2, 3, 4, 5]) {
      const { divergence } = await labRun({ activation: 'gelu', learningRate: 1, seed });
      if (divergence) diverged.push(seed);
    }
    expect(diverged).toHaveLength(2);
    for (const seed of diverged) {
      const { reports, divergence } = await labRun({ learningRate: 1, seed });
      expect(divergence, `ReLU, seed ${seed}`).toBeNull();
      expect(mean(reports.at(-1)!.deadFraction), `ReLU, seed ${seed}`).toBeGreaterThan(0.5);
    }
    expect((await labRun({ activation: 'swish', learningRate: 1 })).divergence).toBeNull();
  });
});
