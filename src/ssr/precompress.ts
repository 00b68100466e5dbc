/**
 * A `.gz` and a `.br` twin beside every text file and wasm binary of the build, for hosts that serve precompressed
 * files (README, "Building and hosting"). Brotli at its best quality costs about 12 s for the course's 90 files, and
 * a rebuild after a prose edit changes two or three of them: each compressed file is kept in a content-addressed
 * cache (compressedCacheDir in run-cache-dir.mjs), named by the SHA-256 of the file it compresses and the encoder's
 * settings.
 *
 * An entry is served only if it decompresses to exactly the bytes of the file it stands for; any other entry (cut
 * short, altered, written for other bytes) is deleted and the file compressed again. Entries are written to a
 * temporary name, then renamed, so a build that stops half-way leaves no partial entry under a real name.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { AstroIntegration } from 'astro';

export interface Encoding {
  /** The twin's extension: `.gz`, `.br`. */
  ext: string;
  /** Part of the cache entry's name: a change of settings must not read entries made with the old ones. */
  tag: string;
  compress: (bytes: Buffer) => Promise<Buffer>;
  decompress: (bytes: Buffer) => Promise<Buffer>;
}

/** The settings the course used before (astro-compressor's): gzip at zlib's default level, 6; brotli at its best, 11. */
export const ENCODINGS: readonly Encoding[] = [
  {
    ext: '.gz',
    tag: 'gzip-6',
    compress: (bytes) => promisify(zlib.gzip)(bytes, { level: 6 }),
    decompress: promisify(zlib.gunzip),
  },
  {
    ext: '.br',
    tag: 'brotli-11',
    compress: (bytes) =>
      promisify(zlib.brotliCompress)(bytes, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
      }),
    decompress: promisify(zlib.brotliDecompress),
  },
];

export const EXTENSIONS = ['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt', '.wasm'];

export interface PrecompressStats {
  files: number;
  /** Compressed files read from the cache. */
  hits: number;
  /** Compressed files computed (no entry, or a damaged one). */
  computed: number;
  /** Entries deleted because they did not decompress to their file. */
  damaged: number;
}

export function entryName(digest: string, encoding: Encoding): string {
  return `${digest}.${encoding.tag}`;
}

/** The entry's bytes, if it decompresses to `source`; null otherwise (it is then deleted). */
async function readEntry(file: string, source: Buffer, encoding: Encoding): Promise<Buffer | null | 'damaged'> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return null;
  }
  try {
    if ((await encoding.decompress(bytes)).equals(source)) return bytes;
  } catch {
    // Cut short or altered: not a valid stream.
  }
  await rm(file, { force: true });
  return 'damaged';
}

async function writeEntry(file: string, bytes: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch {
    // A cache that cannot be written costs the next build time, never correctness.
    await rm(tmp, { force: true });
  }
}

/**
 * Write `file.gz` and `file.br` (each `encodings`) for every file under `dir` whose extension is listed, reading
 * what it can from `cacheDir` (null: no cache).
 */
export async function precompressDir(
  dir: string,
  options: { cacheDir: string | null; extensions?: readonly string[]; encodings?: readonly Encoding[] },
): Promise<PrecompressStats> {
  const { cacheDir, extensions = EXTENSIONS, encodings = ENCODINGS } = options;
  const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && extensions.includes(path.extname(e.name)))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  // Largest first: brotli 11 takes seconds on the worker bundle and the longest pages, and started last they would
  // leave the other threads idle at the end.
  const sizes = new Map(await Promise.all(names.map(async (f) => [f, (await stat(f)).size] as const)));
  const files = names.sort((a, b) => sizes.get(b)! - sizes.get(a)! || a.localeCompare(b));
  if (cacheDir) await mkdir(cacheDir, { recursive: true });
  const stats: PrecompressStats = { files: files.length, hits: 0, computed: 0, damaged: 0 };

  const one = async (file: string) => {
    const source = await readFile(file);
    const digest = createHash('sha256').update(source).digest('hex');
    await Promise.all(
      encodings.map(async (encoding) => {
        const entry = cacheDir ? path.join(cacheDir, entryName(digest, encoding)) : null;
        const cached = entry ? await readEntry(entry, source, encoding) : null;
        if (cached === 'damaged') stats.damaged++;
        let bytes: Buffer;
        if (cached instanceof Buffer) {
          bytes = cached;
          stats.hits++;
        } else {
          bytes = await encoding.compress(source);
          stats.computed++;
          if (entry) await writeEntry(entry, bytes);
        }
        await writeFile(file + encoding.ext, bytes);
      }),
    );
  };
  // zlib compresses on libuv's thread pool (four threads unless UV_THREADPOOL_SIZE says otherwise): as many files at
  // a time keep every core busy.
  const queue = [...files];
  const workers = Array.from({ length: Math.max(4, availableParallelism()) }, async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) await one(file);
  });
  await Promise.all(workers);
  return stats;
}

/** Last among the integrations: every other one has written its files by then. */
export function precompress(options: { cacheDir: string | null; extensions?: readonly string[] }): AstroIntegration {
  return {
    name: 'course-precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const t0 = performance.now();
        const stats = await precompressDir(fileURLToPath(dir), options);
        const ms = Math.round(performance.now() - t0);
        logger.info(
          `.gz and .br of ${stats.files} files in ${ms} ms: ${stats.hits} read from the cache, ${stats.computed} compressed` +
            (stats.damaged ? ` (${stats.damaged} damaged entries replaced)` : ''),
        );
      },
    },
  };
}
