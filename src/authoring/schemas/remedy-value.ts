/**
 * The props of <RemedyValue>: a number quoted in the prose, read from the very build-time run that a
 * <ReluFamilyLab>, <BatchNormLab> or <ResidualLab> with the same settings draws. The author names the lab and
 * writes only the settings in which the figure differs from that lab's defaults — the same props as on the lab —
 * and the run's configuration and steps are then those of the lab's lane, key for key, so that the build trains it
 * once for both (src/ssr/runs.ts). Besides the readings of <NetworkValue>, it reads the units <ReluFamilyLab>
 * counts: those whose input is ≤ 0 for the whole minibatch.
 */
import { z } from 'zod';
import { networkConfigObject, networkConfigSchema, type NetworkConfig } from '../../core/experiments/network.config';
import { LAYER_READINGS, WHOLE_READINGS } from '../../core/experiments/network-readings';
import { UNIT_READINGS } from '../../core/experiments/remedy-readings';
import { MAX_STATIC_STEPS } from './gradient-trace';
import { checkLayer, checkReadingSteps, readingProps } from './lab-value';
import { networkLabSettings } from './network-lab';
import {
  batchNormConfig,
  batchNormPropsSchema,
  reluFamilyConfig,
  reluFamilyPropsSchema,
  residualConfig,
  residualPropsSchema,
} from './remedy-labs';

export const REMEDY_LABS = ['ReluFamilyLab', 'BatchNormLab', 'ResidualLab'] as const;
export type RemedyLab = (typeof REMEDY_LABS)[number];

/** Each lab's lane configuration (its defaults, and how often it computes histograms) and its default steps. */
const LABS: Record<RemedyLab, { config: z.AnyZodObject; steps: number }> = {
  ReluFamilyLab: { config: reluFamilyConfig, steps: reluFamilyPropsSchema.parse({}).steps },
  BatchNormLab: { config: batchNormConfig, steps: batchNormPropsSchema.parse({}).steps },
  ResidualLab: { config: residualConfig, steps: residualPropsSchema.parse({}).steps },
};

export const REMEDY_VALUES = [...WHOLE_READINGS, ...LAYER_READINGS, ...UNIT_READINGS, 'diverged-at'] as const;
export type RemedyValueKind = (typeof REMEDY_VALUES)[number];

/** Readings of one hidden layer (1 … depth − 1); `gradient` reads a weight layer (1 … depth). */
const ONE_LAYER: readonly string[] = [...LAYER_READINGS, 'dead'];

/** The settings the three labs expose, without defaults: an absent one takes the named lab's default. */
const SETTING_KEYS = [
  'depth',
  'width',
  'activation',
  'leakyAlpha',
  'eluAlpha',
  'init',
  'initScale',
  'batchNorm',
  'residual',
  'blockLayers',
  'learningRate',
  'batchSize',
  'seed',
] as const;
const settings = Object.fromEntries(
  SETTING_KEYS.map((k) => {
    // The labs' own bounds (their depths start at 2), then the experiment's for what they add (residual, …).
    const field = ((networkLabSettings.shape as z.ZodRawShape)[k] ?? networkConfigObject.shape[k]) as z.ZodTypeAny;
    return [k, (field instanceof z.ZodDefault ? field.removeDefault() : field).optional()];
  }),
) as { [K in (typeof SETTING_KEYS)[number]]: z.ZodOptional<z.ZodTypeAny> };

/** Only <ResidualLab> has shortcuts. */
const RESIDUAL_ONLY = ['residual', 'blockLayers'] as const;

type Settings = Partial<Record<(typeof SETTING_KEYS)[number], unknown>>;

function settingsOf(p: Record<string, unknown>): Settings {
  return Object.fromEntries(SETTING_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
}

export const remedyValuePropsSchema = z
  .object({
    /** The lab whose run the number comes from: its defaults fill in every setting not written here. */
    lab: z.enum(REMEDY_LABS),
    ...settings,
    /**
     * ratio, per-layer, first-layer, last-layer, max-gradient, loss, accuracy, signal-ratio, signal-per-layer,
     * max-unit-spread; gradient, signal, pre-std, act-mean, unit-spread of `layer`; dead: the share of `layer`'s units whose input is ≤ 0 for
     * the whole batch; dead-share: that share over all hidden units; diverged-at.
     */
    value: z.enum(REMEDY_VALUES),
    layer: z.number().int().min(1).max(64).optional(),
    /** Training steps of the build-time run; default: the lab's own, so that both read one run. */
    steps: z.number().int().min(1).max(MAX_STATIC_STEPS).optional(),
    ...readingProps(MAX_STATIC_STEPS),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.lab !== 'ResidualLab')
      for (const key of RESIDUAL_ONLY)
        if (p[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: `is a setting of <ResidualLab>, not of <${p.lab}>` });
    const lane = LABS[p.lab].config.safeParse(settingsOf(p));
    if (!lane.success) return;
    const { depth, batchNorm, batchSize } = lane.data as NetworkConfig;
    if (batchNorm && batchSize < 2)
      ctx.addIssue({
        code: 'custom',
        path: ['batchSize'],
        message: 'must be at least 2 with batchNorm (the variance of one example is 0)',
      });
    checkLayer(p, ctx, { depth, oneLayer: ONE_LAYER.includes(p.value), network: `this depth-${depth} network` });
    const steps = p.steps ?? LABS[p.lab].steps;
    checkReadingSteps(p, ctx, {
      last: steps,
      timeless: p.value === 'diverged-at',
    });
  });

export type RemedyValueProps = z.output<typeof remedyValuePropsSchema>;

/**
 * The run a <RemedyValue> reads: the configuration the named lab gives a lane with these settings (parsed by the
 * experiment's schema exactly as the lab's build does) and the steps of its static figure.
 */
export function remedyRun(props: RemedyValueProps): { config: NetworkConfig; steps: number } {
  const lab = LABS[props.lab];
  return {
    config: networkConfigSchema.parse(lab.config.parse(settingsOf(props))),
    steps: props.steps ?? lab.steps,
  };
}
