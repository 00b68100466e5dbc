/**
 * vitest pre-bundles tfjs for the unit and claims tests (vitest.config.ts), so the WebAssembly backend no longer finds
 * its .wasm files next to its own module; point it at the package's dist/ folder, as the build does
 * (src/ssr/backend.ts). Without this, initBackend() would quietly fall back to the cpu backend.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
setWasmPaths(`${path.join(path.dirname(pkg), 'dist')}${path.sep}`);
