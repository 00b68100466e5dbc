/**
 * The props of <NetworkValue>: a number quoted in the prose, read from the same seeded build-time run of the
 * `network` experiment that an <InitLab> or <LayerHistograms> with the same settings and `steps` draws — the
 * gradients, and also what those labs show of the forward pass (the signal's spread, the activations' mean).
 */
import { z } from 'zod';
import { LAYER_READINGS, WHOLE_READINGS } from '../../core/experiments/network-readings';
import { MAX_STATIC_STEPS } from './gradient-trace';
import { checkLayer, checkReadingSteps, readingProps } from './lab-value';
import { networkLabSettings } from './network-lab';

export const NETWORK_VALUES = [...WHOLE_READINGS, ...LAYER_READINGS, 'diverged-at'] as const;
export type NetworkValueKind = (typeof NETWORK_VALUES)[number];

/**
 * The settings the network labs expose, with their bounds (networkLabSettings in network-lab.ts) and the
 * experiment's own defaults (a 20-layer Xavier-initialised sigmoid network, as <GradientTrace>): write every
 * setting in which the figure the number belongs to differs from them, and the same `steps`, so that both read one
 * run.
 */
const networkSettings = networkLabSettings;

export const networkValuePropsSchema = networkSettings
  .extend({
    /**
     * ratio: ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖; per-layer: its (L−1)-th root; first-layer, last-layer, max-gradient: weight
     * gradient norms; loss; accuracy (a percentage); signal-ratio: the spread of what the last hidden layer passes
     * on over the first's; signal-per-layer: its (H−1)-th root; gradient, signal, pre-std, act-mean: of `layer`;
     * unit-spread: of `layer`, the largest difference between a unit's incoming weights and bias and the first unit's
     * (0: all its units alike); max-unit-spread: the largest over the hidden layers; diverged-at: the step at which
     * the run stopped being finite.
     */
    value: z.enum(NETWORK_VALUES),
    /** The layer of gradient (1 … depth), signal, pre-std, act-mean and unit-spread (hidden layers 1 … depth − 1). */
    layer: z.number().int().min(1).max(64).optional(),
    /** Training steps of the build-time run: the same as the figure's, so that both read one run. */
    steps: z.number().int().min(1).max(MAX_STATIC_STEPS).default(200),
    ...readingProps(MAX_STATIC_STEPS),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkLayer(p, ctx, { depth: p.depth, oneLayer: (LAYER_READINGS as readonly string[]).includes(p.value) });
    checkReadingSteps(p, ctx, {
      last: p.steps,
      timeless: p.value === 'diverged-at',
    });
  });

export type NetworkValueProps = z.output<typeof networkValuePropsSchema>;
