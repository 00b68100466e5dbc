/**
 * Gradient norms that survive deep networks. tf.norm squares the elements in float32, and a gradient whose
 * elements are around 1e-20 — a first layer 30 sigmoid layers deep — squares to 1e-40, below float32's normal
 * range, so its norm comes out as 0 or loses its digits. Such norms are recomputed from the elements in float64.
 */

/** Below this, a float32 norm may have lost precision through underflow of the squared elements. */
export const FLOAT32_NORM_FLOOR = 1e-15;

export function float64Norm(values: ArrayLike<number>): number {
  // Scaling by the largest magnitude keeps even the float64 squares clear of underflow.
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  if (max === 0 || !Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i]! / max) ** 2;
  return max * Math.sqrt(sum);
}

/** Replace float32 norms too small to trust by float64 norms of the elements (read back only for those). */
export function repairSmallNorms(norms: number[], elements: (i: number) => ArrayLike<number>): number[] {
  return norms.map((n, i) => (n < FLOAT32_NORM_FLOOR && Number.isFinite(n) ? float64Norm(elements(i)) : n));
}
