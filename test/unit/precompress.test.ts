/**
 * The build's .gz and .br twins (src/ssr/precompress.ts): each decompresses to its file; a second build reads them
 * from the content-addressed cache and writes the same bytes; a changed file is compressed again; an entry that is
 * cut short, altered or written for other bytes is replaced, never served; `npm run clean:cache` deletes the cache.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ENCODINGS, entryName, precompressDir, type Encoding } from '../../src/ssr/precompress';

const dirs: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), `${name}-`));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const PAGE = '<!doctype html><title>Depth</title>' + '<p>The gradient shrinks by a quarter per layer.</p>'.repeat(200);
const SCRIPT = 'export const f = (x) => x * 0.25;\n'.repeat(300);

/** A small built site: two text files, one file the twins skip. */
function site(): string {
  const dir = tempDir('site');
  mkdirSync(path.join(dir, 'causes'));
  writeFileSync(path.join(dir, 'causes', 'index.html'), PAGE);
  writeFileSync(path.join(dir, 'app.js'), SCRIPT);
  writeFileSync(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  return dir;
}

const twins = (dir: string) =>
  Object.fromEntries(
    ['causes/index.html.gz', 'causes/index.html.br', 'app.js.gz', 'app.js.br'].map((f) => [
      f,
      readFileSync(path.join(dir, f)),
    ]),
  );
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const [gzip, brotli] = ENCODINGS as [Encoding, Encoding];

describe('precompressDir', () => {
  it('writes a .gz and a .br of every listed file, each decompressing to it, and skips the rest', async () => {
    const dir = site();
    const stats = await precompressDir(dir, { cacheDir: tempDir('cache') });
    expect(stats).toEqual({ files: 2, hits: 0, computed: 4, damaged: 0 });
    const out = twins(dir);
    expect(gunzipSync(out['causes/index.html.gz']!).toString()).toBe(PAGE);
    expect(brotliDecompressSync(out['causes/index.html.br']!).toString()).toBe(PAGE);
    expect(gunzipSync(out['app.js.gz']!).toString()).toBe(SCRIPT);
    expect(brotliDecompressSync(out['app.js.br']!).toString()).toBe(SCRIPT);
    expect(existsSync(path.join(dir, 'logo.png.gz'))).toBe(false);
  });

  it('reads a rebuild’s twins from the cache, the same bytes, and compresses only a changed file', async () => {
    const cacheDir = tempDir('cache');
    const first = site();
    await precompressDir(first, { cacheDir });
    const second = site();
    expect(await precompressDir(second, { cacheDir })).toEqual({ files: 2, hits: 4, computed: 0, damaged: 0 });
    expect(twins(second)).toEqual(twins(first));

    const edited = PAGE.replace('a quarter', 'at most a quarter');
    writeFileSync(path.join(second, 'causes', 'index.html'), edited);
    expect(await precompressDir(second, { cacheDir })).toEqual({ files: 2, hits: 2, computed: 2, damaged: 0 });
    expect(brotliDecompressSync(readFileSync(path.join(second, 'causes', 'index.html.br'))).toString()).toBe(edited);
  });

  it('without a cache folder compresses everything and keeps nothing', async () => {
    const dir = site();
    expect(await precompressDir(dir, { cacheDir: null })).toEqual({ files: 2, hits: 0, computed: 4, damaged: 0 });
    expect(await precompressDir(dir, { cacheDir: null })).toMatchObject({ hits: 0, computed: 4 });
  });

  const damages: [string, (entry: Buffer) => Buffer][] = [
    ['cut short', (entry) => entry.subarray(0, Math.floor(entry.length / 2))],
    [
      'altered',
      (entry) => {
        const copy = Buffer.from(entry);
        copy[Math.floor(copy.length / 2)]! ^= 0xff;
        return copy;
      },
    ],
    ['empty', () => Buffer.alloc(0)],
  ];
  for (const [what, damage] of damages) {
    it(`replaces an entry that is ${what}, and serves the file's own bytes`, async () => {
      const cacheDir = tempDir('cache');
      await precompressDir(site(), { cacheDir });
      for (const encoding of ENCODINGS) {
        const entry = path.join(cacheDir, entryName(digest(PAGE), encoding));
        writeFileSync(entry, damage(readFileSync(entry)));
      }
      const dir = site();
      expect(await precompressDir(dir, { cacheDir })).toEqual({ files: 2, hits: 2, computed: 2, damaged: 2 });
      expect(gunzipSync(readFileSync(path.join(dir, 'causes', 'index.html.gz'))).toString()).toBe(PAGE);
      expect(brotliDecompressSync(readFileSync(path.join(dir, 'causes', 'index.html.br'))).toString()).toBe(PAGE);
      // The entries were written again, whole: the next build reads them.
      expect(await precompressDir(site(), { cacheDir })).toMatchObject({ hits: 4, computed: 0, damaged: 0 });
    });
  }

  it('does not serve a valid stream of other bytes under a file’s name', async () => {
    const cacheDir = tempDir('cache');
    await precompressDir(site(), { cacheDir });
    writeFileSync(path.join(cacheDir, entryName(digest(PAGE), gzip)), gzipSync('<p>another page</p>'));
    const dir = site();
    expect(await precompressDir(dir, { cacheDir })).toMatchObject({ hits: 3, computed: 1, damaged: 1 });
    expect(gunzipSync(readFileSync(path.join(dir, 'causes', 'index.html.gz'))).toString()).toBe(PAGE);
  });

  it('names entries by content and settings, so other settings never read them', () => {
    expect(entryName(digest(PAGE), gzip)).not.toBe(entryName(digest(PAGE), brotli));
    expect(entryName(digest(PAGE), brotli)).toBe(`${digest(PAGE)}.brotli-11`);
  });
});

describe('npm run clean:cache', () => {
  it('deletes the runs and the compressed files; clean:runs only the runs', () => {
    const root = tempDir('project');
    const runs = path.join(root, 'runs');
    const compressed = path.join(root, 'compressed');
    const fill = () => {
      for (const dir of [runs, compressed]) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'entry'), 'x');
      }
    };
    const script = path.resolve('src/ssr/run-cache-dir.mjs');
    const env = { ...process.env, RUN_CACHE_DIR: runs, COMPRESS_CACHE_DIR: compressed };
    fill();
    expect(spawnSync(process.execPath, [script, '--clear'], { cwd: root, env }).status).toBe(0);
    expect([existsSync(runs), readdirSync(compressed)]).toEqual([false, ['entry']]);
    fill();
    expect(spawnSync(process.execPath, [script, '--clear-all'], { cwd: root, env }).status).toBe(0);
    expect([existsSync(runs), existsSync(compressed)]).toEqual([false, false]);
  });
});
