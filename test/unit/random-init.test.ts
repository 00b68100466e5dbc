import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random';
import { INIT_SCHEMES, initStd, sampleWeights } from '../../src/core/init';

describe('seeded randomness', () => {
  it('repeats for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 100 }, () => a.uniform());
    expect(Array.from({ length: 100 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.uniform())).not.toEqual(xs);
  });

  it('draws standard normals', () => {
    const rng = createRng(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.01);
  });
});

describe('initialisation schemes', () => {
  it('match the published variances', () => {
    expect(initStd({ scheme: 'xavier-normal' }, 32, 32)).toBeCloseTo(Math.sqrt(2 / 64));
    expect(initStd({ scheme: 'he-normal' }, 32, 16)).toBeCloseTo(Math.sqrt(2 / 32));
    expect(initStd({ scheme: 'lecun-normal' }, 50, 10)).toBeCloseTo(Math.sqrt(1 / 50));
    expect(initStd({ scheme: 'normal', scale: 0.3 }, 5, 5)).toBe(0.3);
    expect(initStd({ scheme: 'uniform', scale: 0.3 }, 5, 5)).toBeCloseTo(0.3 / Math.sqrt(3));
  });

  it.each(INIT_SCHEMES)('%s: samples have the scheme’s standard deviation', (scheme) => {
    const w = sampleWeights({ scheme, scale: 0.5 }, 200, 100, createRng(3));
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    const want = initStd({ scheme, scale: 0.5 }, 200, 100);
    if (want === 0) expect(std).toBe(0);
    else expect(Math.abs(std / want - 1)).toBeLessThan(0.02);
    if (scheme.endsWith('uniform'))
      expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(3) * want + 1e-6);
  });
});
