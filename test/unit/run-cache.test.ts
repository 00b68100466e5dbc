/**
 * The run cache the build, the dev server and the claims tests share (src/ssr/run-cache.ts): one training per key,
 * a new process reads what an earlier one trained (a rebuild after a prose edit trains nothing), a change in
 * src/core/ changes every key, and a damaged file is trained again, never served. The sliced runner under it gives
 * exactly runExperiment's reports.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../src/core/backend';
import { runExperiment } from '../../src/core/experiment';
import { mlpExperiment } from '../../src/core/experiments/mlp';
import { networkExperiment } from '../../src/core/experiments/network';
import { CODE_VERSION, CORE_SOURCES, TFJS_VERSIONS, codeVersion, hashSources } from '../../src/ssr/code-version';
import { createRunCache, entryPath, runKey } from '../../src/ssr/run-cache';
import { runCacheDir } from '../../src/ssr/run-cache-dir.mjs';
import { runExperimentSliced } from '../../src/ssr/sliced-run';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'run-cache-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** A cache as a new process would open it: empty memory, the folder and code version given. */
const open = (dir: string, code = CODE_VERSION) => createRunCache({ dir, code, backend: initBackend });
const SMALL = { depth: 4, width: 8, batchSize: 16 };

describe('the sliced runner', () => {
  it('gives runExperiment’s reports, yielding to the event loop between slices', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const sliced = await runExperimentSliced(mlpExperiment, { ...SMALL, seed: 3 }, 25, { sliceMs: 0 });
      expect(ticks).toBeGreaterThan(5);
      expect(sliced).toEqual(runExperiment(mlpExperiment, { ...SMALL, seed: 3 }, 25));
    } finally {
      clearInterval(timer);
    }
  });

  it('stops where runExperiment stops when the run diverges, and frees its tensors', async () => {
    // ReLU at σ = 3 overflows within a few steps (clipping.test.ts).
    const config = {
      depth: 8,
      width: 16,
      activation: 'relu',
      init: 'normal',
      initScale: 3,
      learningRate: 1,
      histogramEvery: 1000,
    } as const;
    const sync = runExperiment(networkExperiment, config, 50);
    expect(sync.divergence).not.toBeNull();
    const { memory } = await import('../../src/core/tf');
    const before = memory().numTensors;
    expect(await runExperimentSliced(networkExperiment, config, 50, { sliceMs: 0 })).toEqual(sync);
    expect(memory().numTensors).toBe(before);
  });
});

describe('the key', () => {
  const key = (config: Record<string, unknown>, steps = 10, code = CODE_VERSION) =>
    runKey({ experiment: 'mlp', config: mlpExperiment.schema.parse(config), steps, code, backend: 'wasm' });

  it('is the whole configuration: the defaults filled in, in any order', () => {
    expect(key({ depth: 4, seed: 1 })).toBe(key({ seed: 1, depth: 4, width: 32 }));
    expect(key({ depth: 4 })).not.toBe(key({ depth: 4, seed: 2 }));
  });

  it('holds the steps and the code version', () => {
    expect(key({}, 10)).not.toBe(key({}, 11));
    expect(key({}, 10, 'a')).not.toBe(key({}, 10, 'b'));
  });
});

describe('the code version', () => {
  const coreDir = path.resolve('src/core');
  const onDisk = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? onDisk(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );

  it('is read from every file of src/core/, byte for byte', () => {
    const files = onDisk(coreDir);
    expect(Object.keys(CORE_SOURCES).sort()).toEqual(files.sort());
    const bytes = Object.fromEntries(files.map((f) => [f, readFileSync(path.join(coreDir, f))]));
    expect(CODE_VERSION).toBe(codeVersion(bytes, TFJS_VERSIONS));
  });

  it('changes with any file’s contents or path, and with tfjs’s version', () => {
    const files = { 'a.ts': 'export const a = 1;\n', 'b/c.ts': 'export const c = 2;\n' };
    const base = hashSources(files);
    expect(hashSources({ 'b/c.ts': files['b/c.ts'], 'a.ts': files['a.ts'] })).toBe(base);
    expect(hashSources({ ...files, 'a.ts': 'export const a = 1; \n' })).not.toBe(base);
    expect(hashSources({ 'a2.ts': files['a.ts'], 'b/c.ts': files['b/c.ts'] })).not.toBe(base);
    expect(hashSources({ ...files, 'd.ts': '' })).not.toBe(base);
    // Moving bytes from one file's end to the next file's start changes it too: each file's length is hashed.
    expect(hashSources({ a: 'xy', b: 'z' })).not.toBe(hashSources({ a: 'x', b: 'yz' }));
    expect(codeVersion(files, { core: '4.22.0', wasm: '4.22.0' })).not.toBe(
      codeVersion(files, { core: '4.22.1', wasm: '4.22.0' }),
    );
  });
});

describe('the cache', () => {
  it('trains a key once, however many ask for it at the same time', async () => {
    const cache = open(tempDir());
    const runs = await Promise.all([
      cache.run(mlpExperiment, SMALL, 12),
      cache.run(mlpExperiment, { ...SMALL, seed: 1 }, 12),
      cache.run(mlpExperiment, mlpExperiment.schema.parse(SMALL), 12),
    ]);
    expect(cache.stats).toMatchObject({ trained: 1, shared: 2 });
    expect(runs[1]!.reports).toBe(runs[0]!.reports);
    expect(runs[0]).toMatchObject({ ...runExperiment(mlpExperiment, SMALL, 12), backend: 'wasm' });
  });

  it('a new process with the same code reads every run and trains none (a rebuild after a prose edit)', async () => {
    const dir = tempDir();
    const first = open(dir);
    const a = await first.run(mlpExperiment, SMALL, 12);
    const b = await first.run(networkExperiment, { depth: 3, width: 4, histogramEvery: 1000 }, 5);
    expect(first.stats.trained).toBe(2);
    const second = open(dir);
    expect(await second.run(mlpExperiment, SMALL, 12)).toEqual(a);
    expect(await second.run(networkExperiment, { depth: 3, width: 4, histogramEvery: 1000 }, 5)).toEqual(b);
    expect(second.stats).toMatchObject({ trained: 0, read: 2 });
  });

  it('a change in src/core/ trains every run again', async () => {
    const dir = tempDir();
    await open(dir, codeVersion(CORE_SOURCES, TFJS_VERSIONS)).run(mlpExperiment, SMALL, 12);
    const edited = { ...CORE_SOURCES, 'experiment.ts': `${CORE_SOURCES['experiment.ts']}// edited\n` };
    const after = open(dir, codeVersion(edited, TFJS_VERSIONS));
    await after.run(mlpExperiment, SMALL, 12);
    expect(after.stats).toMatchObject({ trained: 1, read: 0 });
  });

  describe('a damaged file is trained again, never served', () => {
    const flip = (bytes: Buffer, at: number) => {
      const copy = Buffer.from(bytes);
      copy.writeUInt8(copy.readUInt8(at) ^ 1, at);
      return copy;
    };
    const damages: [string, (bytes: Buffer, other: Buffer) => Buffer][] = [
      ['empty', () => Buffer.alloc(0)],
      ['cut short (a partial write)', (b) => b.subarray(0, Math.floor(b.length / 2))],
      ['one bit flipped in the reports', (b) => flip(b, b.length - 40)],
      ['its checksum altered', (b) => flip(b, 12)],
      ['not a run file', () => Buffer.from('{"reports": []}')],
      ['a valid file of another key', (_, other) => other],
    ];
    it.each(damages)('%s', async (_, damage) => {
      const dir = tempDir();
      const good = await open(dir).run(mlpExperiment, SMALL, 12);
      await open(dir).run(mlpExperiment, SMALL, 13);
      const key = (steps: number) =>
        runKey({
          experiment: 'mlp',
          config: mlpExperiment.schema.parse(SMALL),
          steps,
          code: CODE_VERSION,
          backend: 'wasm',
        });
      const file = entryPath(dir, key(12));
      writeFileSync(file, damage(readFileSync(file), readFileSync(entryPath(dir, key(13)))));
      vi.spyOn(console, 'warn').mockImplementation(() => {});

      const cache = open(dir);
      const again = await cache.run(mlpExperiment, SMALL, 12);
      expect(cache.stats).toMatchObject({ trained: 1, read: 0, corrupt: 1 });
      expect(again.reports).toEqual(good.reports);
      // The file was replaced by a good one: the next process reads it.
      const next = open(dir);
      await next.run(mlpExperiment, SMALL, 12);
      expect(next.stats).toMatchObject({ trained: 0, read: 1 });
    });
  });

  it('leaves no temporary files, and ignores one a killed writer left', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.x.run.123.abcd.tmp'), 'half a');
    const cache = open(dir);
    await cache.run(mlpExperiment, SMALL, 3);
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.run'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual(['.x.run.123.abcd.tmp']);
  });

  it('lives in node_modules/.cache/course-runs/ unless RUN_CACHE_DIR names another folder', () => {
    const saved = process.env.RUN_CACHE_DIR;
    try {
      delete process.env.RUN_CACHE_DIR;
      expect(runCacheDir('/p')).toBe(path.join('/p', 'node_modules', '.cache', 'course-runs'));
      process.env.RUN_CACHE_DIR = 'elsewhere';
      expect(runCacheDir('/p')).toBe(path.join('/p', 'elsewhere'));
    } finally {
      if (saved === undefined) delete process.env.RUN_CACHE_DIR;
      else process.env.RUN_CACHE_DIR = saved;
    }
  });
});
