/**
 * The seeded data of the input-outlier experiment, with no tfjs import: the experiment trains on it, and the
 * <OutlierLab> island draws the very same points (same seed, same draws) in the page without loading TensorFlow.js.
 */
import { createRng, type Rng } from '../random';
import type { Dataset } from '../tasks';
import { OUTLIERS_DATASET_SIZE, type OutliersConfig } from './outliers.config';

/** The clean relation the network should learn, and the spread of the noise on its targets. */
export const TEACHER = { slope: 1.5, intercept: 0.5, noise: 0.1 } as const;

export interface OutlierDataset extends Dataset {
  /** 1 where the row's input is an outlier. */
  outlier: Uint8Array;
}

/** n inputs uniform on [−1, 1], targets from the teacher; exactly round(fraction·n) inputs multiplied by k. */
export function outlierRegressionTask(rng: Rng, n: number, fraction: number, k: number): OutlierDataset {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const outlier = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const clean = 2 * rng.uniform() - 1;
    x[i] = clean;
    y[i] = TEACHER.slope * clean + TEACHER.intercept + TEACHER.noise * rng.normal();
  }
  // A partial Fisher–Yates shuffle picks which rows, without repeats.
  const rows = Array.from({ length: n }, (_, i) => i);
  for (let j = 0; j < Math.round(fraction * n); j++) {
    const r = j + rng.int(n - j);
    [rows[j], rows[r]] = [rows[r]!, rows[j]!];
    const i = rows[j]!;
    x[i] = x[i]! * k;
    outlier[i] = 1;
  }
  return { x, y, n, inputDim: 1, outputDim: 1, outlier };
}

/**
 * z-scores of the inputs with the training set's mean and standard deviation — deliberately not robust ones.
 * Robust statistics (median, MAD) would describe the clean points and leave every outlier k typical widths
 * away: right for spotting outliers, but it keeps the very spike this step is meant to tame. The plain standard
 * deviation is inflated by the outliers, and that bounds them: s² ≈ s₀²(1 + f(k² − 1)) for a fraction f of
 * inputs k times the rest, so as k grows the z-scores settle at limits that no longer depend on k (about 1/√f
 * when the outliers are alike), and none can ever exceed √(n − 1) (Samuelson's inequality). The price is paid
 * by the clean inputs, squeezed to 1/√(1 + f(k² − 1)) of their spread, which the first layer must then undo.
 */
export function standardizeInputs<D extends Dataset>(ds: D): D {
  const d = ds.inputDim;
  const x = new Float32Array(ds.x.length);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < ds.n; i++) mean += ds.x[i * d + j]!;
    mean /= ds.n;
    let sq = 0;
    for (let i = 0; i < ds.n; i++) sq += (ds.x[i * d + j]! - mean) ** 2;
    const std = Math.sqrt(sq / ds.n) || 1;
    for (let i = 0; i < ds.n; i++) x[i * d + j] = (ds.x[i * d + j]! - mean) / std;
  }
  return { ...ds, x };
}

/**
 * The training set a session of `config` learns from, built as the session builds it: the seed's first stream,
 * then z-scores if asked.
 */
export function outliersDataOf(
  config: Pick<OutliersConfig, 'seed' | 'outlierFraction' | 'outlierScale' | 'standardize'>,
): OutlierDataset {
  const raw = outlierRegressionTask(
    createRng(config.seed).fork(),
    OUTLIERS_DATASET_SIZE,
    config.outlierFraction,
    config.outlierScale,
  );
  return config.standardize ? standardizeInputs(raw) : raw;
}
