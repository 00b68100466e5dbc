/**
 * One record per activation function: everything a lab, a figure, a schema or a chapter needs to know about it, in
 * one place — f and f′ with their TeX, the tensor form the networks train with, whether the labs offer it, the range
 * of its activation histograms, what happens to a unit whose input stays below zero, its colour in the figures, and
 * its name in each language. Adding an activation is adding a record here.
 *
 * No TensorFlow.js import (pages need these records without loading it): the tensor form receives the tfjs ops it
 * may use from the caller (activations.ts) — the listed ops, not the whole namespace, which would keep all of
 * tfjs-core in the Worker's bundle (+92 kB minified).
 */
import type * as TF from './tf';

/** The tfjs ops a tensor form may use; one that needs another adds it here and in activations.ts. */
export const TENSOR_OPS = [
  'add',
  'elu',
  'erf',
  'expm1',
  'greater',
  'leakyRelu',
  'minimum',
  'mul',
  'relu',
  'selu',
  'sigmoid',
  'softplus',
  'square',
  'step',
  'sub',
  'tanh',
  'where',
] as const;
export type TensorOps = Pick<typeof TF, (typeof TENSOR_OPS)[number]> & {
  /** tfjs's EluGrad kernel, dy ⊙ (y > 0 ? 1 : y + 1): what its gradient of tf.elu runs (not a public op). */
  eluGrad(dy: TF.Tensor, y: TF.Tensor): TF.Tensor;
};

export interface ActivationParams {
  /** Negative-side slope of Leaky ReLU (Maas, Hannun & Ng 2013 use 0.01). */
  leakyAlpha?: number;
  /** Saturation value −α of ELU for x → −∞ (Clevert et al. 2016 use 1). */
  eluAlpha?: number;
}

export interface ScalarForm {
  f(x: number): number;
  /** The derivative f′(x); at a kink (x = 0 for ReLU) the right derivative, as tfjs uses. */
  df(x: number): number;
  /** TeX for f(x) and f′(x). */
  tex: { f: string; df: string };
}

/**
 * What becomes of a unit whose input is ≤ 0 for every example of a batch: 'dead' — it outputs a constant and passes
 * no gradient at all (ReLU); 'leaky' — it still passes a gradient (Leaky ReLU's α, ELU's αeˣ, GELU's and SiLU's
 * shrinking but non-zero slope); 'none' — nothing special happens below zero (sigmoid, tanh: their small-gradient
 * regime is saturation, on both sides).
 */
export type NegativeRegime = 'dead' | 'leaky' | 'none';

export interface ActivationRecord {
  /** The name in the figures, the menus and the prose's value components, per locale. */
  label: { en: string; 'zh-CN': string };
  /** Its colour wherever activations are told apart by colour (the explorer): at least 3:1 against both themes. */
  color: string;
  scalar(params: ActivationParams): ScalarForm;
  /** The same function on tensors, for training; tfjs differentiates it. */
  tensor(tf: TensorOps, x: TF.Tensor, params: ActivationParams): TF.Tensor;
  /**
   * The backward pass through it, dy ⊙ f′(x), from its input x, its output y = f(x) and the gradient dy of its output:
   * op for op what tfjs's own gradient of `tensor` computes, so that a step whose backward pass is written out
   * (src/core/mlp.ts) gives the autodiff tape's numbers bit for bit — a test checks each one. Absent, or null for
   * these params: tfjs differentiates `tensor` (activations.ts), which costs the forward ops again and a tape.
   */
  tensorVjp?(tf: TensorOps, x: TF.Tensor, y: TF.Tensor, dy: TF.Tensor, params: ActivationParams): TF.Tensor | null;
  /**
   * Offered by the training experiments (the labs' menus, the props' schemas): with the fixed bins of its activation
   * histograms — its range where it is bounded, otherwise from the smallest value it takes to 4, where a
   * He-initialised layer's activations mostly fall — and its negative-side regime. Absent: explorer only.
   */
  trainable?: { histogram(params: ActivationParams): { lo: number; hi: number }; negative: NegativeRegime };
}

export const DEFAULT_LEAKY_ALPHA = 0.01;
export const DEFAULT_ELU_ALPHA = 1;
/** SELU constants from Klambauer et al. 2017, "Self-normalizing neural networks". */
export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

export const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const SQRT1_2PI = 1 / Math.sqrt(2 * Math.PI);

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough for curves; training uses tf.erf. */
export function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

function formatAlpha(a: number): string {
  return String(Number(a.toPrecision(4)));
}

const same = (name: string) => ({ en: name, 'zh-CN': name });

/** The records, in the order menus and the explorer list them. */
export const ACTIVATIONS = {
  sigmoid: {
    label: same('sigmoid'),
    color: '#2563eb',
    scalar: () => ({
      f: sigmoid,
      df: (x) => {
        const s = sigmoid(x);
        return s * (1 - s);
      },
      tex: { f: '\\sigma(x)=\\frac{1}{1+e^{-x}}', df: "\\sigma'(x)=\\sigma(x)\\,(1-\\sigma(x))" },
    }),
    tensor: (tf, x) => tf.sigmoid(x),
    // tfjs's Sigmoid gradient: dy·(y·(1 − y)).
    tensorVjp: (tf, _x, y, dy) => tf.mul(dy, tf.mul(y, tf.sub(1, y))),
    trainable: { histogram: () => ({ lo: 0, hi: 1 }), negative: 'none' },
  },
  tanh: {
    label: same('tanh'),
    color: '#d97706',
    scalar: () => ({
      f: Math.tanh,
      df: (x) => 1 - Math.tanh(x) ** 2,
      tex: { f: '\\tanh(x)=\\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}', df: "\\tanh'(x)=1-\\tanh^2(x)" },
    }),
    tensor: (tf, x) => tf.tanh(x),
    // tfjs's Tanh gradient: (1 − y²)·dy.
    tensorVjp: (tf, _x, y, dy) => tf.mul(tf.sub(1, tf.square(y)), dy),
    trainable: { histogram: () => ({ lo: -1, hi: 1 }), negative: 'none' },
  },
  relu: {
    label: same('ReLU'),
    color: '#16a34a',
    scalar: () => ({
      f: (x) => (x > 0 ? x : 0),
      df: (x) => (x > 0 ? 1 : 0),
      tex: {
        f: '\\operatorname{ReLU}(x)=\\max(0,x)',
        df: "\\operatorname{ReLU}'(x)=\\begin{cases}1 & x>0\\\\ 0 & x<0\\end{cases}",
      },
    }),
    tensor: (tf, x) => tf.relu(x),
    // tfjs's Relu gradient: dy·step(x), step(x) = 1 for x > 0, else 0 (a float32 already: tfjs's cast to float32
    // changes nothing).
    tensorVjp: (tf, x, _y, dy) => tf.mul(dy, tf.step(x)),
    trainable: { histogram: () => ({ lo: 0, hi: 4 }), negative: 'dead' },
  },
  'leaky-relu': {
    label: same('Leaky ReLU'),
    color: '#dc2626',
    scalar: (params) => {
      const a = params.leakyAlpha ?? DEFAULT_LEAKY_ALPHA;
      const at = formatAlpha(a);
      return {
        f: (x) => (x > 0 ? x : a * x),
        df: (x) => (x > 0 ? 1 : a),
        tex: {
          f: `\\operatorname{LReLU}(x)=\\begin{cases}x & x>0\\\\ ${at}\\,x & x\\le 0\\end{cases}`,
          df: `\\operatorname{LReLU}'(x)=\\begin{cases}1 & x>0\\\\ ${at} & x<0\\end{cases}`,
        },
      };
    },
    tensor: (tf, x, params) => tf.leakyRelu(x, params.leakyAlpha ?? DEFAULT_LEAKY_ALPHA),
    // tfjs's gradient of LeakyRelu: dy where x > 0, α·dy elsewhere.
    tensorVjp: (tf, x, _y, dy, params) =>
      tf.where(tf.greater(x, 0), dy, tf.mul(dy, params.leakyAlpha ?? DEFAULT_LEAKY_ALPHA)),
    trainable: { histogram: () => ({ lo: -1, hi: 4 }), negative: 'leaky' },
  },
  elu: {
    label: same('ELU'),
    color: '#9333ea',
    scalar: (params) => {
      const a = params.eluAlpha ?? DEFAULT_ELU_ALPHA;
      const at = formatAlpha(a);
      return {
        f: (x) => (x > 0 ? x : a * Math.expm1(x)),
        df: (x) => (x > 0 ? 1 : a * Math.exp(x)),
        tex: {
          f: `\\operatorname{ELU}(x)=\\begin{cases}x & x>0\\\\ ${at}\\,(e^{x}-1) & x\\le 0\\end{cases}`,
          df: `\\operatorname{ELU}'(x)=\\begin{cases}1 & x>0\\\\ ${at}\\,e^{x} & x\\le 0\\end{cases}`,
        },
      };
    },
    // tf.elu has α fixed at 1. The general form is max(x, 0) + α(e^{min(x, 0)} − 1): tfjs cannot differentiate
    // tf.where(tf.greater(…)) (its Select gradient reaches Greater, which has none), and min keeps e^x finite.
    tensor: (tf, x, params) => {
      const a = params.eluAlpha ?? DEFAULT_ELU_ALPHA;
      return a === 1 ? tf.elu(x) : tf.add(tf.relu(x), tf.mul(a, tf.expm1(tf.minimum(x, 0))));
    },
    // tf.elu's gradient is the EluGrad kernel on its output; the general form's is left to tfjs.
    tensorVjp: (tf, _x, y, dy, params) => ((params.eluAlpha ?? DEFAULT_ELU_ALPHA) === 1 ? tf.eluGrad(dy, y) : null),
    trainable: {
      histogram: (params) => ({ lo: -(params.eluAlpha ?? DEFAULT_ELU_ALPHA), hi: 4 }),
      negative: 'leaky',
    },
  },
  selu: {
    label: same('SELU'),
    color: '#0891b2',
    scalar: () => ({
      f: (x) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
      df: (x) => SELU_LAMBDA * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x)),
      tex: {
        f: '\\operatorname{SELU}(x)=\\lambda\\begin{cases}x & x>0\\\\ \\alpha(e^{x}-1) & x\\le 0\\end{cases}',
        df: "\\operatorname{SELU}'(x)=\\lambda\\begin{cases}1 & x>0\\\\ \\alpha e^{x} & x\\le 0\\end{cases}",
      },
    }),
    tensor: (tf, x) => tf.selu(x),
  },
  gelu: {
    label: same('GELU'),
    color: '#db2777',
    scalar: () => ({
      f: (x) => x * normalCdf(x),
      df: (x) => normalCdf(x) + x * SQRT1_2PI * Math.exp(-0.5 * x * x),
      tex: { f: '\\operatorname{GELU}(x)=x\\,\\Phi(x)', df: "\\operatorname{GELU}'(x)=\\Phi(x)+x\\,\\varphi(x)" },
    }),
    tensor: (tf, x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))),
    // Its smallest value is −0.17 (at x ≈ −0.75); below that its slope is negative and shrinks towards 0, but a unit
    // whose input stays below zero still passes a gradient.
    trainable: { histogram: () => ({ lo: -0.5, hi: 4 }), negative: 'leaky' },
  },
  softplus: {
    label: same('softplus'),
    color: '#65a30d',
    scalar: () => ({
      f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
      df: sigmoid,
      tex: { f: '\\operatorname{softplus}(x)=\\ln(1+e^{x})', df: "\\operatorname{softplus}'(x)=\\sigma(x)" },
    }),
    tensor: (tf, x) => tf.softplus(x),
  },
  // SiLU, x·σ(x) (Hendrycks & Gimpel 2016; Elfwing et al. 2018), also called swish (Ramachandran et al. 2017).
  swish: {
    label: { en: 'SiLU (swish)', 'zh-CN': 'SiLU（swish）' },
    color: '#78716c',
    scalar: () => ({
      f: (x) => x * sigmoid(x),
      df: (x) => {
        const s = sigmoid(x);
        return s + x * s * (1 - s);
      },
      tex: {
        f: '\\operatorname{SiLU}(x)=x\\,\\sigma(x)',
        df: "\\operatorname{SiLU}'(x)=\\sigma(x)+x\\,\\sigma(x)(1-\\sigma(x))",
      },
    }),
    tensor: (tf, x) => tf.mul(x, tf.sigmoid(x)),
    // Its smallest value is −0.28 (at x ≈ −1.28); below zero it still passes a gradient.
    trainable: { histogram: () => ({ lo: -0.5, hi: 4 }), negative: 'leaky' },
  },
  linear: {
    label: { en: 'linear', 'zh-CN': '线性' },
    color: '#b45309',
    scalar: () => ({ f: (x) => x, df: () => 1, tex: { f: 'f(x)=x', df: "f'(x)=1" } }),
    tensor: (_tf, x) => x,
  },
} as const satisfies Record<string, ActivationRecord>;

export type ActivationId = keyof typeof ACTIVATIONS;
/** The activations the training experiments offer (their record has `trainable`); the rest are explorer-only. */
export type TrainableActivation = {
  [K in ActivationId]: (typeof ACTIVATIONS)[K] extends { trainable: object } ? K : never;
}[ActivationId];

export const ACTIVATION_IDS = Object.keys(ACTIVATIONS) as [ActivationId, ...ActivationId[]];
export const TRAINABLE_ACTIVATIONS = ACTIVATION_IDS.filter(
  (id) => 'trainable' in ACTIVATIONS[id],
) as unknown as readonly [TrainableActivation, ...TrainableActivation[]];

/** The record of `id`, typed as the general record (so optional parts read uniformly). */
export const activationRecord = (id: ActivationId): ActivationRecord => ACTIVATIONS[id];

/** What a unit whose input stays ≤ 0 becomes, for a trainable activation (see NegativeRegime). */
export const negativeRegime = (id: TrainableActivation): NegativeRegime => activationRecord(id).trainable!.negative;
