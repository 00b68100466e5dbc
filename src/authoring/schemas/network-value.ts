/**
 * The props of <NetworkValue>: a number quoted in the prose, read from the same seeded build-time run of the
 * `network` experiment that an <InitLab> or <LayerHistograms> with the same settings and `steps` draws — the
 * gradients, and also what those labs show of the forward pass (the signal's spread, the activations' mean).
 */
import { z } from 'zod';
import { networkConfigObject } from '../../core/experiments/network.config';
import { LAYER_READINGS, WHOLE_READINGS } from '../../core/experiments/network-readings';
import { MAX_STATIC_STEPS } from './gradient-trace';

export const NETWORK_VALUES = [...WHOLE_READINGS, ...LAYER_READINGS, 'diverged-at'] as const;
export type NetworkValueKind = (typeof NETWORK_VALUES)[number];

/**
 * The settings the network labs expose (NETWORK_LAB_KEYS in network-lab.ts), with the experiment's own defaults
 * (a 20-layer Xavier-initialised sigmoid network, as <GradientTrace>): write every setting in which the figure
 * the number belongs to differs from them, and the same `steps`, so that both read one run.
 */
const networkSettings = networkConfigObject.pick({
  depth: true,
  width: true,
  activation: true,
  leakyAlpha: true,
  eluAlpha: true,
  init: true,
  initScale: true,
  batchNorm: true,
  learningRate: true,
  batchSize: true,
  seed: true,
});

export const networkValuePropsSchema = networkSettings
  .extend({
    /**
     * ratio: ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖; per-layer: its (L−1)-th root; first-layer, last-layer, max-gradient: weight
     * gradient norms; loss; accuracy (a percentage); signal-ratio: the spread of what the last hidden layer passes
     * on over the first's; signal-per-layer: its (H−1)-th root; gradient, signal, pre-std, act-mean: of `layer`;
     * diverged-at: the step at which the run stopped being finite.
     */
    value: z.enum(NETWORK_VALUES),
    /** The layer of gradient (1 … depth), signal, pre-std and act-mean (hidden layers 1 … depth − 1). */
    layer: z.number().int().min(1).max(64).optional(),
    /** Training steps of the build-time run: the same as the figure's, so that both read one run. */
    steps: z.number().int().min(1).max(MAX_STATIC_STEPS).default(200),
    /** Which step to read (1 … steps); defaults to the last one. */
    at: z.number().int().min(1).max(MAX_STATIC_STEPS).optional(),
    /** Average over this many steps ending at `at`. */
    window: z.number().int().min(1).max(500).default(1),
    /** Significant digits. */
    digits: z.number().int().min(1).max(6).default(2),
    /** The claim the sentence makes about the number, checked at build time. */
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const needsLayer = (LAYER_READINGS as readonly string[]).includes(p.value);
    if (needsLayer && p.layer === undefined)
      ctx.addIssue({ code: 'custom', path: ['layer'], message: `is missing: "${p.value}" reads one layer` });
    if (!needsLayer && p.layer !== undefined)
      ctx.addIssue({ code: 'custom', path: ['layer'], message: `is ${p.layer}, but "${p.value}" reads the whole network` });
    const top = p.value === 'gradient' ? p.depth : p.depth - 1;
    if (needsLayer && p.layer !== undefined && p.layer > top)
      ctx.addIssue({
        code: 'custom',
        path: ['layer'],
        message:
          p.value === 'gradient'
            ? `is ${p.layer}, but a depth-${p.depth} network has weight layers 1 to ${p.depth}`
            : `is ${p.layer}, but a depth-${p.depth} network has hidden layers 1 to ${p.depth - 1}`,
      });
    if (p.value === 'diverged-at' && (p.at !== undefined || p.window !== 1))
      ctx.addIssue({ code: 'custom', path: ['value'], message: '"diverged-at" takes neither "at" nor "window"' });
    if (p.at !== undefined && p.at > p.steps)
      ctx.addIssue({ code: 'custom', path: ['at'], message: `is ${p.at}, after the run's last step (steps = ${p.steps})` });
    if (p.window > (p.at ?? p.steps))
      ctx.addIssue({ code: 'custom', path: ['window'], message: `is ${p.window}, longer than the steps before "at"` });
  });

export type NetworkValueProps = z.output<typeof networkValuePropsSchema>;
