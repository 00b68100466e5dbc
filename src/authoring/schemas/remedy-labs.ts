/**
 * The props of the remedy labs on the `network` experiment — <ReluFamilyLab>, <BatchNormLab>, <ResidualLab>,
 * <ClippingLab> — each with the defaults of its story. Every one exposes the settings of the kit's network labs
 * (depth, width, activation, init, batch norm, learning rate, …) and the remedy it is about; the experiment keeps
 * its defaults for the rest (plain SGD, no penalties or clipping unless the lab exposes them).
 *
 * A lane's configuration also pins how often the experiment computes activation histograms: only
 * <BatchNormLab> draws them, and the others should not pay for them (about a fifth of a step).
 */
import { z } from 'zod';
import { networkConfigObject } from '../../core/experiments/network.config';
import { labPropsOf, withDefaults, type ShowProps } from './lab-props';
import { networkLabSettings } from './network-lab';

const histogramEvery = (k: number) => ({
  histogramEvery: networkConfigObject.shape.histogramEvery.removeDefault().default(k),
});

/** A batch of one has no variance to normalise by; the experiment refuses it, and so does the component. */
function networkProps<T extends z.ZodRawShape>(config: z.ZodObject<T, 'strict'>, show: ShowProps) {
  return labPropsOf(config, show).superRefine((p, ctx) => {
    if (p.batchNorm && Number(p.batchSize) < 2)
      ctx.addIssue({
        code: 'custom',
        path: ['batchSize'],
        message: 'must be at least 2 with batchNorm (the variance of one example is 0)',
      });
  });
}

/**
 * ReLU and its family against the saturating activations: a 10-layer ReLU network with He initialisation, whose
 * gradient stays level, and (compared) sigmoid, whose gradient falls by orders of magnitude towards the input.
 */
const reluFamilyAuthor = withDefaults(networkLabSettings, {
  depth: 10,
  activation: 'relu',
  init: 'he-normal',
});
export const reluFamilyConfig = reluFamilyAuthor.extend(histogramEvery(1000)).strict();
export const reluFamilyPropsSchema = networkProps(reluFamilyAuthor, { steps: 150 });
export type ReluFamilyConfig = z.output<typeof reluFamilyConfig>;

/**
 * A 10-layer sigmoid network, Xavier-initialised: without batch normalisation it stays at the coin flip with a
 * gradient that vanishes towards the input; with it (compare `batchNorm: true`) it learns within 100 steps.
 * Histograms every 10th step: enough for the panel, a tenth of their cost.
 */
const batchNormAuthor = withDefaults(networkLabSettings, {
  depth: 10,
  activation: 'sigmoid',
  init: 'xavier-normal',
  batchNorm: false,
});
export const batchNormConfig = batchNormAuthor.extend(histogramEvery(10)).strict();
export const batchNormPropsSchema = networkProps(batchNormAuthor, { steps: 100 });
export type BatchNormConfig = z.output<typeof batchNormConfig>;

/**
 * 32 weight layers of tanh units: the plain network barely moves from the coin flip; with identity shortcuts
 * around every two layers (compare `residual: true`) the gradient reaches the first layer three orders of
 * magnitude larger and the loss falls.
 */
const residualAuthor = withDefaults(
  networkLabSettings.extend(networkConfigObject.pick({ residual: true, blockLayers: true }).shape).strict(),
  { depth: 32, activation: 'tanh', init: 'xavier-normal' },
);
export const residualConfig = residualAuthor.extend(histogramEvery(1000)).strict();
export const residualPropsSchema = networkProps(residualAuthor, { steps: 60 });
export type ResidualConfig = z.output<typeof residualConfig>;

/**
 * A ReLU network initialised too large (σ = 0.5, twice He's 0.25 at width 32): with the gradient's norm clipped
 * at 1 it trains; without clipping (compare `clip: 'none'`) its first steps overflow. L1 and L2 penalties are
 * off until the author or the reader sets them.
 */
const clippingAuthor = withDefaults(
  networkLabSettings
    .extend(networkConfigObject.pick({ clip: true, clipThreshold: true, l1: true, l2: true }).shape)
    .strict(),
  { depth: 8, activation: 'relu', init: 'normal', initScale: 0.5, clip: 'norm', clipThreshold: 1 },
);
export const clippingConfig = clippingAuthor.extend(histogramEvery(1000)).strict();
export const clippingPropsSchema = networkProps(clippingAuthor, { steps: 200 });
export type ClippingConfig = z.output<typeof clippingConfig>;
