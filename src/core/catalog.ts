/**
 * The names of what the core offers, with no tfjs import: islands and prop schemas need these lists on the
 * page, where loading TensorFlow.js just to read them would defeat lazy loading.
 */
export {
  ACTIVATION_IDS,
  TRAINABLE_ACTIVATIONS,
  type ActivationId,
  type TrainableActivation,
} from './activation-records';

export const INIT_SCHEMES = [
  'normal',
  'uniform',
  'xavier-normal',
  'xavier-uniform',
  'he-normal',
  'he-uniform',
  'lecun-normal',
  'zeros',
  'constant',
] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

/**
 * Schemes set by the `scale` parameter rather than by the layer's fan-in and fan-out: the spread of `normal` and
 * `uniform`, the one value of every weight for `constant`.
 */
export const SCALED_INIT_SCHEMES = ['normal', 'uniform', 'constant'] as const satisfies readonly InitScheme[];
