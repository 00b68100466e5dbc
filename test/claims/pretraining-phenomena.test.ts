/**
 * What greedy layer-wise pre-training does for the `pretraining` experiment's default network, over full-length runs
 * (the mechanics of the experiment are tested in test/unit/pretraining.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import {
  pretrainingConfigSchema,
  type PretrainingReport,
  pretrainingExperiment,
} from '../../src/core/experiments/pretraining';
import { buildRun } from '../../src/ssr/runs';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

type Finetune = Extract<PretrainingReport, { phase: 'finetune' }>;
const finetuning = (reports: PretrainingReport[]) => reports.filter((r): r is Finetune => r.phase === 'finetune');
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * The chapter's claim, on the default config: three sigmoid hidden layers of 32 (the depth Bengio et al. 2007
 * studied), Xavier-normal init, 200 autoencoder steps per layer, then SGD at learning rate 2, batch 64, on the
 * circle task. After 2000 fine-tuning steps the random-init arm is still near the loss of guessing the base rate
 * (0.67 nats) while the pre-trained arm has left it. Measured, mean loss over fine-tuning steps 1901–2000:
 *   seed 1: pre-trained 0.187, random init 0.681;  seed 2: 0.480 vs 0.680;  seed 3: 0.177 vs 0.667
 *   (seeds 4 and 5 over steps 1951–2000, not run here: 0.313 vs 0.653, 0.430 vs 0.678).
 * The assertion asks for a gap of at least 0.1 nats per seed (smallest measured gap: 0.200, seed 2).
 * At the first fine-tuning step the pre-trained arm's ‖∂L/∂W_1‖ is only 1.3–1.9× the random arm's (1.9e-4
 * vs 1.4e-4 for seed 1), so that is not asserted: the difference grows during fine-tuning.
 *
 * Where it does not hold (measured, seeds 1–5): at depth 5 and more, neither arm leaves the plateau within 4000
 * steps; the tied sigmoid autoencoder halves the signal per layer at best (its encoder's gain is √σ′ ≤ ½), so
 * deeper stacks still start with a nearly constant top layer. With 1000 instead of 2000 steps the gap is small
 * (0.01–0.08 at batch 32).
 */
describe('pre-training against random initialisation', () => {
  it.each([1, 2, 3])('seed %i: lower supervised loss after 2000 fine-tuning steps', async (seed) => {
    const cfg = pretrainingConfigSchema.parse({ seed });
    const { reports, divergence } = await buildRun(
      pretrainingExperiment,
      cfg,
      (cfg.depth - 1) * cfg.pretrainSteps + 2000,
    );
    expect(divergence).toBeNull();
    const ft = finetuning(reports);
    expect(ft).toHaveLength(2000);
    const tail = ft.slice(-100);
    const pre = mean(tail.map((r) => r.pretrained.loss));
    const rand = mean(tail.map((r) => r.randomInit.loss));
    expect(pre).toBeLessThan(rand - 0.1);
  });
});
