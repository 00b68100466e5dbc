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
  const backend = await withoutEmscriptenHandlers(() =>
    initBackend({ wasmPaths: `${path.join(dist, 'dist')}${path.sep}` }),
  );
  // A figure computed on another backend could differ in the last bits from what readers' browsers compute.
  if (backend !== 'wasm')
    throw new Error('The tfjs WebAssembly backend did not start in Node; build-time figures need it.');
  return backend;
}

const processEvents = ['uncaughtException', 'unhandledRejection'];
type Listener = (...args: never[]) => unknown;
/** The two calls used here, without Node's per-event overloads (a union of event names matches none of them). */
const proc = process as unknown as { listeners(event: string): Listener[]; off(event: string, l: Listener): unknown };

/**
 * The wasm backend's Emscripten glue, when it starts in Node, adds process-wide `uncaughtException` and
 * `unhandledRejection` listeners that rethrow what they receive: from then on any unhandled rejection ends the
 * process. In `astro dev` that is an author's mistake — a frontmatter error, or a chapter the watcher reads
 * half-written, rejects in Astro's content watcher — and `npm start` would exit where Astro's own listener shows the
 * error in the overlay. The glue does not need them, so the listeners that appear while the backend starts are
 * removed and every other one stays. (Here rather than in src/core/backend.ts: a change there would give every
 * cached run a new key.)
 */
async function withoutEmscriptenHandlers<T>(start: () => Promise<T>): Promise<T> {
  const before = new Map(processEvents.map((event) => [event, new Set(proc.listeners(event))]));
  try {
    return await start();
  } finally {
    for (const event of processEvents)
      for (const listener of proc.listeners(event)) if (!before.get(event)?.has(listener)) proc.off(event, listener);
  }
}
