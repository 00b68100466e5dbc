/**
 * Where seeded runs are kept between processes (src/ssr/run-cache.ts): node_modules/.cache/course-runs/ in the
 * project, or the folder RUN_CACHE_DIR names. The build, the dev server and the claims tests share it.
 * `npm run clean:runs` runs this file to delete it; nothing else needs deleting, since a change in src/core/
 * or in tfjs gives every run a new key.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function runCacheDir(root = process.cwd()) {
  const dir = process.env.RUN_CACHE_DIR;
  return dir ? path.resolve(root, dir) : path.join(root, 'node_modules', '.cache', 'course-runs');
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) &&
  process.argv[2] === '--clear'
) {
  const dir = runCacheDir();
  rmSync(dir, { recursive: true, force: true });
  console.log(`Removed the run cache, ${path.relative(process.cwd(), dir) || dir}`);
}
