/**
 * The activation table's scalar half, with no tfjs import: each function next to its derivative as a pair
 * (f, f′), with the TeX the chapters print. Pages need these numbers without TensorFlow.js (the activation
 * explorer draws them; prop schemas and the prose quote them), so they live apart from the tensor forms in
 * activations.ts, which build on this table and are tested against it.
 */
import type { ActivationId } from './catalog';

export { ACTIVATION_IDS, TRAINABLE_ACTIVATIONS, type ActivationId } from './catalog';

export interface ActivationParams {
  /** Negative-side slope of Leaky ReLU (Maas, Hannun & Ng 2013 use 0.01). */
  leakyAlpha?: number;
  /** Saturation value −α of ELU for x → −∞ (Clevert et al. 2016 use 1). */
  eluAlpha?: number;
}

export interface ScalarActivation {
  id: ActivationId;
  f(x: number): number;
  /** The derivative f′(x); at a kink (x = 0 for ReLU) the right derivative, as tfjs uses. */
  df(x: number): number;
  /** TeX for f(x) and f′(x). */
  tex: { f: string; df: string };
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

export function scalarActivation(id: ActivationId, params: ActivationParams = {}): ScalarActivation {
  switch (id) {
    case 'sigmoid':
      return {
        id,
        f: sigmoid,
        df: (x) => {
          const s = sigmoid(x);
          return s * (1 - s);
        },
        tex: { f: '\\sigma(x)=\\frac{1}{1+e^{-x}}', df: "\\sigma'(x)=\\sigma(x)\\,(1-\\sigma(x))" },
      };
    case 'tanh':
      return {
        id,
        f: Math.tanh,
        df: (x) => 1 - Math.tanh(x) ** 2,
        tex: { f: '\\tanh(x)=\\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}', df: "\\tanh'(x)=1-\\tanh^2(x)" },
      };
    case 'relu':
      return {
        id,
        f: (x) => (x > 0 ? x : 0),
        df: (x) => (x > 0 ? 1 : 0),
        tex: {
          f: '\\operatorname{ReLU}(x)=\\max(0,x)',
          df: "\\operatorname{ReLU}'(x)=\\begin{cases}1 & x>0\\\\ 0 & x<0\\end{cases}",
        },
      };
    case 'leaky-relu': {
      const a = params.leakyAlpha ?? DEFAULT_LEAKY_ALPHA;
      const at = formatAlpha(a);
      return {
        id,
        f: (x) => (x > 0 ? x : a * x),
        df: (x) => (x > 0 ? 1 : a),
        tex: {
          f: `\\operatorname{LReLU}(x)=\\begin{cases}x & x>0\\\\ ${at}\\,x & x\\le 0\\end{cases}`,
          df: `\\operatorname{LReLU}'(x)=\\begin{cases}1 & x>0\\\\ ${at} & x<0\\end{cases}`,
        },
      };
    }
    case 'elu': {
      const a = params.eluAlpha ?? DEFAULT_ELU_ALPHA;
      const at = formatAlpha(a);
      return {
        id,
        f: (x) => (x > 0 ? x : a * Math.expm1(x)),
        df: (x) => (x > 0 ? 1 : a * Math.exp(x)),
        tex: {
          f: `\\operatorname{ELU}(x)=\\begin{cases}x & x>0\\\\ ${at}\\,(e^{x}-1) & x\\le 0\\end{cases}`,
          df: `\\operatorname{ELU}'(x)=\\begin{cases}1 & x>0\\\\ ${at}\\,e^{x} & x\\le 0\\end{cases}`,
        },
      };
    }
    case 'selu':
      return {
        id,
        f: (x) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
        df: (x) => SELU_LAMBDA * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x)),
        tex: {
          f: '\\operatorname{SELU}(x)=\\lambda\\begin{cases}x & x>0\\\\ \\alpha(e^{x}-1) & x\\le 0\\end{cases}',
          df: "\\operatorname{SELU}'(x)=\\lambda\\begin{cases}1 & x>0\\\\ \\alpha e^{x} & x\\le 0\\end{cases}",
        },
      };
    case 'gelu':
      return {
        id,
        f: (x) => x * normalCdf(x),
        df: (x) => normalCdf(x) + x * SQRT1_2PI * Math.exp(-0.5 * x * x),
        tex: { f: '\\operatorname{GELU}(x)=x\\,\\Phi(x)', df: "\\operatorname{GELU}'(x)=\\Phi(x)+x\\,\\varphi(x)" },
      };
    case 'softplus':
      return {
        id,
        f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
        df: sigmoid,
        tex: { f: '\\operatorname{softplus}(x)=\\ln(1+e^{x})', df: "\\operatorname{softplus}'(x)=\\sigma(x)" },
      };
    case 'swish':
      return {
        id,
        f: (x) => x * sigmoid(x),
        df: (x) => {
          const s = sigmoid(x);
          return s + x * s * (1 - s);
        },
        tex: {
          f: '\\operatorname{swish}(x)=x\\,\\sigma(x)',
          df: "\\operatorname{swish}'(x)=\\sigma(x)+x\\,\\sigma(x)(1-\\sigma(x))",
        },
      };
    case 'linear':
      return {
        id,
        f: (x) => x,
        df: () => 1,
        tex: { f: 'f(x)=x', df: "f'(x)=1" },
      };
  }
}

export interface SlopeMaximum {
  /** Where |f′| is largest on the scanned interval. */
  x: number;
  /** The largest |f′|; a supremum approached at the interval's edge shows up as the value at that edge. */
  value: number;
}

/**
 * The largest |f′(x)| on [lo, hi], found on a fine grid and refined by golden-section search around the best
 * grid point. This is the number the chapters quote (σ′ ≤ 1/4 at x = 0, tanh′ ≤ 1 at x = 0).
 */
export function slopeMaximum(act: Pick<ScalarActivation, 'df'>, lo = -8, hi = 8, n = 1601): SlopeMaximum {
  let bestI = 0;
  let best = -Infinity;
  const xs = (i: number) => lo + ((hi - lo) * i) / (n - 1);
  for (let i = 0; i < n; i++) {
    const v = Math.abs(act.df(xs(i)));
    if (v > best) {
      best = v;
      bestI = i;
    }
  }
  let a = xs(Math.max(0, bestI - 1));
  let b = xs(Math.min(n - 1, bestI + 1));
  const g = (Math.sqrt(5) - 1) / 2;
  const h = (x: number) => Math.abs(act.df(x));
  for (let k = 0; k < 60; k++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (h(c) >= h(d)) b = d;
    else a = c;
  }
  const xm = (a + b) / 2;
  return h(xm) >= best ? { x: xm, value: h(xm) } : { x: xs(bestI), value: best };
}
