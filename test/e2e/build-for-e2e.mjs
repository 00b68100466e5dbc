// The production build the end-to-end tests run against. It is served under a sub-path, as a host might serve it,
// so that any link or asset that ignores Astro's `base` fails a test.
import { spawnSync } from 'node:child_process';
import { E2E_BASE, E2E_OUT } from './paths.mjs';

const result = spawnSync('npx', ['astro', 'build'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    BASE_PATH: E2E_BASE,
    OUT_DIR: E2E_OUT,
    CACHE_DIR: process.env.CACHE_DIR || 'node_modules/.astro-e2e',
  },
});
process.exit(result.status ?? 1);
