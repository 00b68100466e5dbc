/**
 * tfjs at build time. Vite bundles tfjs into the build's server chunks, so the wasm backend can no longer find
 * its .wasm files next to its own module; point it at the package folder in node_modules instead. Node runs
 * single-threaded WebAssembly with SIMD, as the browser Worker does, so the figures built here and the live
 * runs execute the same kernels.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { initBackend, type BackendName } from '../core/backend';

export async function initNodeBackend(): Promise<BackendName> {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const backend = await initBackend({ wasmPaths: `${path.join(dist, 'dist')}${path.sep}` });
  // A figure computed on another backend could differ in the last bits from what readers' browsers compute.
  if (backend !== 'wasm')
    throw new Error('The tfjs WebAssembly backend did not start in Node; build-time figures need it.');
  return backend;
}
