/**
 * The version of the code that a seeded run's numbers come from: every file of src/core/ (its sorted paths and
 * their bytes) and the versions of tfjs-core and its WebAssembly backend. Vite reads the files when it loads this
 * module, from the same tree as the modules it bundles: in a build at bundle time, in the dev server again after
 * any edit to src/core/ (the edit reloads this module, and the run cache's memory with it), in vitest once per test
 * file. So the hash describes the code that computes the runs, even if src/core/ changes while a build runs.
 */
import { createHash } from 'node:crypto';
import tfjsCore from '@tensorflow/tfjs-core/package.json';
import tfjsWasm from '@tensorflow/tfjs-backend-wasm/package.json';

const PREFIX = '../core/';
const globbed = import.meta.glob<string>('../core/**', { query: '?raw', import: 'default', eager: true });

/** src/core/'s files by their path under it ('experiments/mlp.ts'), as text. */
export const CORE_SOURCES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(globbed).map(([p, text]) => [p.startsWith(PREFIX) ? p.slice(PREFIX.length) : p, text]),
);

/** SHA-256 over the files in path order, each as its path, its length in bytes and its bytes. */
export function hashSources(files: Readonly<Record<string, string | Uint8Array>>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) {
    const bytes =
      typeof files[name] === 'string' ? Buffer.from(files[name] as string, 'utf8') : (files[name] as Uint8Array);
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

export function codeVersion(
  sources: Readonly<Record<string, string | Uint8Array>>,
  tfjs: { core: string; wasm: string },
): string {
  return createHash('sha256')
    .update(`src/core ${hashSources(sources)}\ntfjs-core ${tfjs.core}\ntfjs-backend-wasm ${tfjs.wasm}\n`)
    .digest('hex');
}

export const TFJS_VERSIONS = { core: tfjsCore.version, wasm: tfjsWasm.version };

/** This process's code version, computed once per load of this module. */
export const CODE_VERSION = codeVersion(CORE_SOURCES, TFJS_VERSIONS);
