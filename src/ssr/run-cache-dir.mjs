/**
 * Where seeded runs are kept between processes (src/ssr/run-cache.ts): node_modules/.cache/course-runs/ in the
 * project, or the folder RUN_CACHE_DIR names. The build, the dev server and the claims tests share it. Beside it,
 * the build keeps its compressed files (src/ssr/precompress.ts) in node_modules/.cache/course-compressed/, or the
 * folder COMPRESS_CACHE_DIR names.
 * `npm run clean:runs` runs this file to delete the runs, `npm run clean:cache` to delete both; nothing else needs
 * deleting, since a change in src/core/ or in tfjs gives every run a new key, and a changed file a new entry.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function runCacheDir(root = process.cwd()) {
  const dir = process.env.RUN_CACHE_DIR;
  return dir ? path.resolve(root, dir) : path.join(root, 'node_modules', '.cache', 'course-runs');
}

export function compressedCacheDir(root = process.cwd()) {
  const dir = process.env.COMPRESS_CACHE_DIR;
  return dir ? path.resolve(root, dir) : path.join(root, 'node_modules', '.cache', 'course-compressed');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const clear = (what, dir) => {
    rmSync(dir, { recursive: true, force: true });
    console.log(`Removed the ${what}, ${path.relative(process.cwd(), dir) || dir}`);
  };
  if (process.argv[2] === '--clear' || process.argv[2] === '--clear-all') clear('run cache', runCacheDir());
  if (process.argv[2] === '--clear-all') clear('cache of compressed files', compressedCacheDir());
}
