/**
 * The claims of content/remedies/residual.mdx (and its Chinese edition) that are made in words, held on the code that
 * produces the chapter's figures and numbers. Numbers printed in the chapter come from <RemedyValue>, which checks its
 * own claims at build time; these tests cover what the prose says around them. The runs are those of <ResidualLab>
 * (32 tanh layers, width 32, Xavier, blocks of 2 hidden layers, learning rate 0.1, 60 steps), seed 1 unless said.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { remedyRun, remedyValuePropsSchema } from '../../src/authoring/schemas/remedy-value';
import { initBackend } from '../../src/core/backend';
import { createNetworkSession, networkExperiment, type NetworkConfig } from '../../src/core/experiments/network';
import { createNetwork } from '../../src/core/network';
import { createRng } from '../../src/core/random';
import { circleTask } from '../../src/core/tasks';
import * as tf from '../../src/core/tf';
import { buildRun } from '../../src/ssr/runs';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const lane = (settings: Record<string, unknown>) =>
  remedyRun(remedyValuePropsSchema.parse({ lab: 'ResidualLab', value: 'loss', ...settings }));
const labRun = (settings: Record<string, unknown>, steps?: number) => {
  const { config, steps: s } = lane(settings);
  return buildRun(networkExperiment, config, steps ?? s);
};
/** Hidden layers (1-based) at the end of a residual block: 3, 5, …, 31 at depth 32 (layer 1 has no shortcut). */
const blockEnds = (depth: number) =>
  Array.from({ length: Math.floor((depth - 2) / 2) }, (_, k) => 3 + 2 * k).filter((l) => l <= depth - 1);
const BN50 = { depth: 50, activation: 'relu', init: 'he-normal', batchNorm: true };

/** The network as initialised, on all 512 points: the logits' spread, and the mean of each block's output coordinates. */
function onTheData(config: NetworkConfig) {
  const session = createNetworkSession(config);
  try {
    const data = circleTask(createRng(config.seed).fork(), 512);
    const trunkMean: number[] = [];
    const logitStd = tf.tidy(() => {
      const x = tf.tensor2d(data.x, [data.n, data.inputDim]);
      const logits = session.network.forward(x, {
        training: true,
        probe: (_, t) => trunkMean.push(tf.mean(t.out).dataSync()[0]!),
      });
      return Math.sqrt(tf.moments(logits).variance.dataSync()[0]!);
    });
    return { logitStd, trunkMean };
  } finally {
    session.dispose();
  }
}

describe('residual chapter: the block and its derivative', () => {
  it('"the first layer and the output layer have no shortcut; the hidden layers between are grouped in blocks of 2"', () => {
    const net = createNetwork(
      {
        inputDim: 2,
        outputDim: 1,
        depth: 32,
        width: 32,
        activation: 'tanh',
        init: { scheme: 'xavier-normal' },
        residual: true,
      },
      createRng(1),
    );
    expect(net.layers[0]!.block).toBeNull();
    expect(net.layers.at(-1)!.block).toBeNull();
    for (const layer of net.layers.slice(1, -1)) expect(layer.block?.size).toBe(2);
    net.dispose();
  });

  // The expansion of ∏(I + J_k) into a sum over subsets of branches, each product in the order the branches are
  // passed: checked in float64 on four random 3 × 3 matrices (16 terms). The exercise's counts: 2¹⁵ = 32 768 paths,
  // 1 + 15 + 105 + 455 = 576 through at most three branches.
  it('"a sum of 2^(L−l) terms, one for every way of going through some branches and around the others"', () => {
    const rng = createRng(9);
    const n = 3;
    const rand = () => Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
    const mul = (A: number[][], B: number[][]) =>
      A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
    const add = (A: number[][], B: number[][]) => A.map((row, i) => row.map((a, j) => a + B[i]![j]!));
    const I = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const J = [rand(), rand(), rand(), rand()];
    // (I + J₄)(I + J₃)(I + J₂)(I + J₁): block 1 is passed first, so it is the rightmost factor.
    const product = J.reduce((P, Jk) => mul(add(I, Jk), P), I);
    let sum = I.map((row) => row.map(() => 0));
    let terms = 0;
    for (let mask = 0; mask < 16; mask++) {
      let term = I;
      for (let k = 0; k < 4; k++) if (mask & (1 << k)) term = mul(J[k]!, term);
      sum = add(sum, term);
      terms++;
    }
    expect(terms).toBe(2 ** 4);
    product.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(sum[i]![j]!, 10)));
    const choose = (a: number, b: number): number => (b === 0 ? 1 : (choose(a, b - 1) * (a - b + 1)) / b);
    expect(2 ** 15).toBe(32768);
    expect(choose(15, 0) + choose(15, 1) + choose(15, 2) + choose(15, 3)).toBe(576);
    // The 32-layer network has 15 blocks.
    expect(blockEnds(32).length).toBe(15);
  });

  it('the exercise on a chain of numbers: 0.5¹⁶ ≈ 1.5 × 10⁻⁵, 1.5¹⁶ ≈ 657, (1 + 1/n)ⁿ → e', () => {
    expect(0.5 ** 16 / 1e-5).toBeCloseTo(1.5, 1);
    expect(Math.round(1.5 ** 16)).toBe(657);
    expect((1 + 1 / 1e6) ** 1e6).toBeCloseTo(Math.E, 5);
    expect(Math.E).toBeCloseTo(2.72, 2);
    expect(Math.log(2)).toBeCloseTo(0.69, 2);
  });
});

describe('residual chapter: plain and residual tanh networks of 32 layers', () => {
  // Measured on all 512 points at initialisation: the logits spread 0.106 (plain) and 2.06 (residual).
  it('"the plain network’s output hardly differs from one input to another"', () => {
    expect(onTheData(lane({}).config).logitStd).toBeLessThan(0.2);
    expect(onTheData(lane({ residual: true }).config).logitStd).toBeGreaterThan(1);
  });

  // Measured at step 1 (residual): weight-layer gradient norms 0.909 … 4.80 (factor 5.3; bound 10).
  it('"with shortcuts every layer receives a gradient of the same order"', async () => {
    const g = (await labRun({ residual: true }, 1)).reports[0]!.gradNorms;
    expect(Math.max(...g) / Math.min(...g)).toBeLessThan(10);
    expect(Math.min(...g)).toBeGreaterThan(0.5);
  });

  // Sigmoid, at step 1, residual: weight layers 1 … 31 (the incoming weights of the hidden layers) have gradient
  // norms 0.0123 … 1.27 (layer 1 and layer 28: factor 103, "about a hundredfold": bounds 50–200). Over 60 steps the loss starts at 4.01 and swings
  // between 1.15 and 50.1 ("trains erratically"). The trunk's mean coordinate rises by 0.5 at every block, from 0.50
  // after hidden layer 1 to 7.98 after the 15th block (bound: above 5, and rising at every block end).
  it('sigmoid: "within about a hundredfold" (layers 1 and 28), "trains erratically", "the sum piles the means up"', async () => {
    const r = await labRun({ activation: 'sigmoid', residual: true });
    expect(r.divergence).toBeNull();
    const g = r.reports[0]!.gradNorms.slice(0, 31);
    // "within about a hundredfold": the extremes the prose quotes, layer 1 (smallest) and layer 28 (largest).
    expect(Math.max(...g) / Math.min(...g)).toBeGreaterThan(50);
    expect(Math.max(...g) / Math.min(...g)).toBeLessThan(200);
    expect(g.indexOf(Math.min(...g)) + 1).toBe(1);
    expect(g.indexOf(Math.max(...g)) + 1).toBe(28);
    const losses = r.reports.map((q) => q.loss);
    expect(Math.max(...losses)).toBeGreaterThan(10);
    expect(Math.min(...losses)).toBeLessThan(2);
    const { trunkMean } = onTheData(lane({ activation: 'sigmoid', residual: true }).config);
    const ends = blockEnds(32).map((l) => trunkMean[l - 1]!);
    ends.slice(1).forEach((m, k) => expect(m).toBeGreaterThan(ends[k]!));
    expect(ends.at(-1)!).toBeGreaterThan(5);
  });
});

describe('residual chapter: ReLU with batch normalisation, 50 layers', () => {
  // Measured at step 1 (residual): the spread after each block end grows from 0.81 to 5.89 (rising at every block);
  // the layers inside the branches (even hidden layers) spread 0.555 … 0.654.
  it('"the spread of the trunk rises from block to block, while the layers inside the branches keep the same spread"', async () => {
    const out = (await labRun({ ...BN50, residual: true }, 1)).reports[0]!.outStd;
    const ends = blockEnds(50).map((l) => out[l - 1]!);
    ends.slice(1).forEach((s, k) => expect(s).toBeGreaterThan(ends[k]!));
    for (let l = 2; l <= 48; l += 2) {
      expect(out[l - 1]!).toBeGreaterThan(0.5);
      expect(out[l - 1]!).toBeLessThan(0.7);
    }
    // The exercise: with batch norm "the trunk grows slowly" — less than tenfold over 24 blocks.
    expect(ends.at(-1)! / ends[0]!).toBeLessThan(10);
  });

  // The exercise on the trunk's variance: without batch norm the residual ReLU network's signal grows from 0.48 after
  // hidden layer 1 to 575 after hidden layer 31 at step 1 ("by orders of magnitude": bound 100×).
  it('the exercise: without batch norm the residual ReLU trunk grows by orders of magnitude', async () => {
    const { reports, divergence } = await labRun({ activation: 'relu', init: 'he-normal', residual: true });
    expect(divergence).not.toBeNull();
    const out = reports[0]!.outStd;
    expect(out[30]! / out[0]!).toBeGreaterThan(100);
  });
});

describe('residual chapter: things to try in the live figures', () => {
  const loss = (r: { reports: { loss: number }[] }) => r.reports.slice(-10).reduce((s, q) => s + q.loss, 0) / 10;
  const firstLayer = (r: { reports: { gradNorms: number[] }[] }) => r.reports[0]!.gradNorms[0]!;

  // Measured, first layer's gradient at step 1, residual over plain: 1436, 67, 100, 124, 57 (seeds 1–5; bound 20);
  // loss over the last 10 steps, residual against plain: 0.443/0.673, 0.541/0.658, 0.418/0.621, 0.440/0.601,
  // 0.495/0.609.
  it.each([1, 2, 3, 4, 5])(
    'seed %i: "the residual network\'s first layer starts with a gradient far larger … its loss is the lower"',
    async (seed) => {
      const [plain, residual] = await Promise.all([labRun({ seed }), labRun({ seed, residual: true })]);
      expect(plain.divergence).toBeNull();
      expect(residual.divergence).toBeNull();
      expect(firstLayer(residual) / firstLayer(plain)).toBeGreaterThan(20);
      expect(loss(residual)).toBeLessThan(loss(plain));
    },
  );

  // Measured: first layer's gradient at step 1 for blocks of 1, 2, 4 hidden layers: 12.4, 4.74, 0.768; loss over the
  // last 10 steps 0.425, 0.443, 0.496, against the plain network's 0.673.
  it('"Layers per block 1 or 4: the residual network learns either way; the shorter the blocks, the larger its first layer\'s gradient"', async () => {
    const runs = await Promise.all([1, 2, 4].map((blockLayers) => labRun({ residual: true, blockLayers })));
    const plain = await labRun({});
    for (const r of runs) {
      expect(r.divergence).toBeNull();
      expect(loss(r)).toBeLessThan(loss(plain) - 0.1);
    }
    const g = runs.map(firstLayer);
    expect(g[0]!).toBeGreaterThan(g[1]!);
    expect(g[1]!).toBeGreaterThan(g[2]!);
  });

  // Measured at depth 64: the plain network's first layer starts at 3.6e-4 (3.3e-3 at depth 32), its loss over the
  // last 10 steps is 0.680 (the plateau, H(p) = 0.68); the residual network's 0.546.
  it('"Depth 64: the plain network\'s first layer starts with a smaller gradient still and it stays on the plateau; the residual one keeps learning"', async () => {
    const [plain32, plain, residual] = await Promise.all([
      labRun({}),
      labRun({ depth: 64 }),
      labRun({ depth: 64, residual: true }),
    ]);
    expect(firstLayer(plain)).toBeLessThan(firstLayer(plain32));
    expect(loss(plain)).toBeGreaterThan(0.65);
    expect(residual.divergence).toBeNull();
    expect(loss(residual)).toBeLessThan(0.6);
  });

  // Measured (50 ReLU layers, He, no batch norm): the residual run overflows at step 2; the plain one runs its 60
  // steps and ends at a loss of 0.683 over the last 10.
  it('"turn Batch normalisation off: the residual network\'s loss overflows within a few steps; the plain one neither overflows nor learns"', async () => {
    const settings = { depth: 50, activation: 'relu', init: 'he-normal' };
    const [plain, residual] = await Promise.all([labRun(settings), labRun({ ...settings, residual: true })]);
    expect(residual.divergence?.step).toBeLessThanOrEqual(5);
    expect(plain.divergence).toBeNull();
    expect(loss(plain)).toBeGreaterThan(0.65);
  });
});

describe('residual chapter: the warm-up', () => {
  // y = x + 0.1 tanh(x): derivatives by autodiff, through ten blocks and through ten layers of f alone, at x = 0.
  it('"1.1; ten blocks 1.1^10 ≈ 2.59; ten layers of f alone 10^-10"', () => {
    const through = (layer: (x: tf.Tensor) => tf.Tensor) =>
      tf.tidy(() => {
        const chain = (x: tf.Tensor) => Array.from({ length: 10 }).reduce<tf.Tensor>((h) => layer(h), x);
        return tf.grad(chain)(tf.scalar(0, 'float32')).dataSync()[0]!;
      });
    const f = (x: tf.Tensor) => tf.mul(0.1, tf.tanh(x));
    const block = tf.tidy(
      () =>
        tf
          .grad((x: tf.Tensor) => tf.add(x, f(x)))(tf.scalar(0))
          .dataSync()[0]!,
    );
    expect(block).toBeCloseTo(1.1, 6);
    expect(through((x) => tf.add(x, f(x)))).toBeCloseTo(2.59, 2);
    expect(1.1 ** 10).toBeCloseTo(2.5937, 4);
    expect(through(f) / 1e-10).toBeCloseTo(1, 4);
  });
});
