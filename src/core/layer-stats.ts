/**
 * What the course shows of each hidden layer's forward signal, as tensors to be read back with the rest of a
 * step's numbers: the spread of the activation's input and output (Glorot & Bengio 2010 plot these per layer to
 * show saturation), the fraction of dead ReLU units, and a histogram on fixed bins. All layers are stacked and
 * reduced together, so the cost is a few kernels per step whatever the depth.
 */
import * as tf from './tf';
import type { HistogramBins } from './experiments/network.config';
import type { LayerTrace } from './network';

export interface HiddenLayerStats {
  /** [5, H]: rows preStd, actMean, actStd, outStd, deadFraction over the H hidden layers. */
  summary: tf.Tensor2D;
  /** [H, bins.count]: the fraction of the activations in each bin; null when no bins were asked for. */
  histograms: tf.Tensor2D | null;
}

export const SUMMARY_ROWS = ['preStd', 'actMean', 'actStd', 'outStd', 'deadFraction'] as const;

/**
 * tf.moments(t, [1, 2]), op for op (its mean, then the mean of the squared deviations from it), but not as a tfjs op:
 * tfjs walks every op's result for tensors on the way out, and its { mean, variance } object made V8 in Chromium
 * deoptimise that walker again after nearly every garbage collection — the same object shape each time — while a lab
 * played (~10 deoptimisations a second, and the recompilations on a background thread beside them).
 */
function poolMoments(t: tf.Tensor3D): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const mean = tf.mean(t, [1, 2]) as tf.Tensor1D;
  const variance = tf.mean(tf.square(tf.sub(tf.cast(t, 'float32'), tf.reshape(mean, [mean.size, 1, 1]))), [1, 2]);
  return { mean, variance: variance as tf.Tensor1D };
}

/** Statistics of hidden layers of equal width, pooled over the batch and the units of each layer. */
export function hiddenLayerStats(traces: readonly LayerTrace[], bins: HistogramBins | null): HiddenLayerStats {
  if (traces.length === 0) {
    return { summary: tf.zeros([SUMMARY_ROWS.length, 0]), histograms: bins ? tf.zeros([0, bins.count]) : null };
  }
  const summary = tf.tidy(() => {
    const pre = tf.stack(traces.map((t) => t.pre)) as tf.Tensor3D;
    const act = tf.stack(traces.map((t) => t.act)) as tf.Tensor3D;
    const out = tf.stack(traces.map((t) => t.out)) as tf.Tensor3D;
    const std = (t: tf.Tensor3D) => tf.sqrt(poolMoments(t).variance);
    // A unit is dead on this batch when its input is ≤ 0 for every example: max over the batch ≤ 0.
    const dead = tf.mean(tf.cast(tf.lessEqual(tf.max(pre, 1), 0), 'float32'), 1);
    return tf.stack([std(pre), poolMoments(act).mean, std(act), std(out), dead]) as tf.Tensor2D;
  });
  const histograms = bins
    ? histogramCounts(
        traces.map((t) => t.act),
        bins,
      )
    : null;
  return { summary, histograms };
}

/** [H, bins.count]: for each of H equally shaped tensors, the fraction of its elements in each bin. */
export function histogramCounts(values: readonly tf.Tensor2D[], bins: HistogramBins): tf.Tensor2D {
  return tf.tidy(() => {
    const stacked = tf.stack([...values]) as tf.Tensor3D;
    const [layers, batch, width] = stacked.shape;
    const binWidth = (bins.hi - bins.lo) / bins.count;
    // Bin index ⌊(a − lo)/w⌋, clamped so that values beyond the range count in the edge bins.
    const index = tf.cast(
      tf.clipByValue(tf.floor(tf.div(tf.sub(stacked, bins.lo), binWidth)), 0, bins.count - 1),
      'int32',
    );
    // An empty weight tensor makes denseBincount count occurrences, per row of a rank-2 input.
    const counts = tf.denseBincount(
      tf.reshape(index, [layers, batch * width]) as tf.Tensor2D,
      tf.tensor2d([], [0, 0]),
      bins.count,
    );
    return tf.div(counts, batch * width) as tf.Tensor2D;
  });
}
