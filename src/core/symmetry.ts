/**
 * How far the units of a layer are from being copies of each other. Two units with the same incoming weights and
 * bias compute the same function of the layer's input; in a network whose layers are fully connected they then
 * receive the same gradient too, so gradient descent can never tell them apart (Rumelhart, Hinton & Williams 1986;
 * Goodfellow, Bengio & Courville 2016, §8.4). A random initialisation is what breaks the tie.
 */

/**
 * max over units i and inputs j of |W[j][i] − W[j][0]|, and over the biases of |b[i] − b[0]|: 0 exactly when every
 * unit of the layer has the same incoming weights and bias as the first. `W` is the fanIn × fanOut matrix in
 * row-major order (unit i's incoming weights are column i, as tfjs's dense layers hold them); `b` is absent on a
 * batch-normalised layer, whose γ and β start equal for every unit and are left out.
 */
export function unitSpread(W: ArrayLike<number>, fanIn: number, fanOut: number, b?: ArrayLike<number> | null): number {
  if (W.length !== fanIn * fanOut)
    throw new RangeError(`unitSpread: ${W.length} weights, expected ${fanIn} × ${fanOut}`);
  if (b && b.length !== fanOut) throw new RangeError(`unitSpread: ${b.length} biases, expected ${fanOut}`);
  let spread = 0;
  for (let j = 0; j < fanIn; j++) {
    const row = j * fanOut;
    const first = W[row]!;
    for (let i = 1; i < fanOut; i++) spread = Math.max(spread, Math.abs(W[row + i]! - first));
  }
  if (b) for (let i = 1; i < fanOut; i++) spread = Math.max(spread, Math.abs(b[i]! - b[0]!));
  return spread;
}
