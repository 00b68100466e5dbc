/**
 * Seeded pseudo-random numbers. Every experiment receives its seed explicitly, so the figure built at
 * build time and the reader's live run of the same seed start from the same weights and the same data.
 *
 * The generator is mulberry32 (Tommy Ettinger's 32-bit mixer): tiny, fast, and bit-identical in Node and in
 * every browser because it only uses 32-bit integer arithmetic (Math.imul, >>>).
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal, by the Box–Muller transform. */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** An independent generator derived from this one (for giving sub-tasks their own stream). */
  fork(): Rng;
}

export function createRng(seed: number): Rng {
  let state = (seed >>> 0) ^ 0x9e3779b9;
  let spare: number | null = null;

  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };

  const uniform = (): number => next32() / 4294967296;

  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const u = 1 - uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };

  return {
    uniform,
    normal,
    int: (n: number) => Math.floor(uniform() * n),
    fork: () => createRng(next32()),
  };
}
