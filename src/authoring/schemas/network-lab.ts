/**
 * The props of the components that run the `network` experiment (<LayerHistograms>, <InitLab>): the part of the
 * experiment's config a component exposes, with defaults chosen for its story, plus how the page shows it. The
 * experiment fills in everything else (plain SGD, no clipping, no penalties).
 */
import { z } from 'zod';
import { networkConfigObject, networkConfigSchema, type NetworkConfig } from '../../core/experiments/network.config';
import { compareProp, islandProps } from './island';
import { MAX_STATIC_STEPS } from './gradient-trace';

/**
 * The network settings the labs on the `network` experiment expose to authors and readers (the others keep the
 * experiment's defaults); the remedy labs add their own few to these, and <NetworkValue> takes the same.
 */
export const NETWORK_LAB_FIELDS = {
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
} as const;

/**
 * The depths every network lab offers, the same for an author's prop, the lab's depth slider and a shared link
 * (which is clamped into them): from 2 weight layers, one hidden layer, up to the experiment's largest. The
 * experiment itself runs a single weight layer, but these labs draw and read hidden layers, and a network without
 * one has nothing to show ("hidden layer 0 spreads NaN ×").
 */
export const MIN_NETWORK_LAB_DEPTH = 2;
const experimentDepth = networkConfigObject.shape.depth;

/**
 * The network settings of NETWORK_LAB_FIELDS as the labs take them: the experiment's own, with the labs' depths.
 * Every network lab's configuration, the remedy labs' and <NetworkValue>'s and <RemedyValue>'s props start here.
 */
export const networkLabSettings = networkConfigObject
  .pick(NETWORK_LAB_FIELDS)
  .extend({
    depth: experimentDepth.removeDefault().min(MIN_NETWORK_LAB_DEPTH).default(experimentDepth._def.defaultValue()),
  })
  .strict();

const labBase = networkLabSettings;

export type NetworkLabConfig = z.output<typeof labBase>;
export const NETWORK_LAB_KEYS = Object.keys(labBase.shape) as (keyof NetworkLabConfig)[];

/** The exposed settings, with this lab's own defaults (the same types; only the defaults differ). */
function labConfig(defaults: Partial<NetworkLabConfig>): typeof labBase {
  const shape: Record<string, z.ZodTypeAny> = { ...labBase.shape };
  for (const [k, v] of Object.entries(defaults))
    shape[k] = (shape[k] as z.ZodDefault<z.ZodTypeAny>).removeDefault().default(v);
  return z.object(shape).strict() as unknown as typeof labBase;
}

function labProps<E extends z.ZodRawShape>(config: typeof labBase, steps: number, extra: E) {
  return config
    .extend({
      ...extra,
      /** Training steps of the build-time run that the static figure shows. */
      steps: z.number().int().min(1).max(MAX_STATIC_STEPS).default(steps),
      /** Where a live run stops by itself. */
      maxSteps: z.number().int().min(1).max(20000).default(2000),
      compare: compareProp(config),
      ...islandProps,
    })
    .strict()
    .superRefine((p, ctx) => {
      if (p.batchNorm && Number(p.batchSize) < 2)
        ctx.addIssue({
          code: 'custom',
          path: ['batchSize'],
          message: 'must be at least 2 with batchNorm (the variance of one example is 0)',
        });
    });
}

/** Glorot & Bengio's setting: tanh units with weights too large for their fan-in saturate layer after layer. */
export const layerHistogramsConfig = labConfig({ depth: 6, activation: 'tanh', init: 'normal', initScale: 1 });
export const MAX_SHOWN_LAYERS = 8;
export const layerHistogramsPropsSchema = labProps(layerHistogramsConfig, 100, {
  /** Which hidden layers to draw (1 = nearest the input; at most 8); default: up to 6, evenly spread. */
  layers: z.array(z.number().int().min(1).max(63)).min(1).max(MAX_SHOWN_LAYERS).optional(),
}).superRefine((p, ctx) => {
  const bad = p.layers?.find((l) => l > p.depth - 1);
  if (bad !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['layers'],
      message: `lists layer ${bad}, but a depth-${p.depth} network has hidden layers 1 to ${p.depth - 1}`,
    });
});

/** A deep tanh network at σ = 1.5: the forward signal saturates and the gradient explodes towards the input. */
export const initLabConfig = labConfig({ depth: 30, activation: 'tanh', init: 'normal', initScale: 1.5 });
export const initLabPropsSchema = labProps(initLabConfig, 1, {});

/** The experiment's config for a lab's settings: the experiment's own schema fills in the rest. */
export function networkConfigOf(config: NetworkLabConfig): NetworkConfig {
  return networkConfigSchema.parse(config);
}

/**
 * The hidden layers to draw: the author's that the network has, or (when it has none of them: a link made it
 * shallower) up to `max` spread evenly from the first to the last.
 */
export function shownLayers(hidden: number, chosen?: readonly number[], max = 6): number[] {
  const kept = chosen?.filter((l) => l >= 1 && l <= hidden) ?? [];
  if (kept.length) return kept;
  if (hidden <= max) return Array.from({ length: hidden }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: max }, (_, i) => 1 + Math.round((i * (hidden - 1)) / (max - 1))))];
}
