/**
 * Choosing where tfjs computes. The WebAssembly backend (XNNPACK kernels) is the fast one for networks this
 * small; the plain-JavaScript cpu backend is the fallback when WebAssembly cannot start (an old browser, a
 * strict Content-Security-Policy). The same code runs at build time in Node and in the browser's Worker, so
 * the static figure and the live run use the same kernels.
 */
import * as tf from './tf';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'wasm' | 'cpu';

export interface BackendOptions {
  /**
   * Where the .wasm binaries are: a directory prefix, or a map from file name to URL (bundlers rename files).
   * Leave unset in Node, where tfjs finds them next to its own module.
   */
  wasmPaths?:
    | string
    | Partial<
        Record<
          'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm',
          string
        >
      >;
  /** Skip WebAssembly (tests of the fallback; a reader's explicit choice). */
  forceCpu?: boolean;
  /**
   * Load and register the plain-JavaScript cpu backend, called only when WebAssembly fails: the Worker passes a
   * dynamic import, so a reader whose browser runs WebAssembly never downloads those kernels. (Not imported here:
   * a dynamic import in this module would split the build's server bundle so that tfjs ran before node-globals.)
   */
  loadCpu?: () => Promise<unknown>;
}

let ready: Promise<BackendName> | null = null;

/** Start a backend once per JavaScript realm; later calls get the same answer. */
export function initBackend(options: BackendOptions = {}): Promise<BackendName> {
  ready ??= (async () => {
    if (!options.forceCpu) {
      try {
        if (options.wasmPaths) setWasmPaths(options.wasmPaths);
        // Multi-threaded XNNPACK may sum in another order; one thread everywhere keeps build-time figures and
        // live runs of a seed identical (threads also need cross-origin isolation, which static hosts lack).
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        if (await tf.setBackend('wasm')) {
          await tf.ready();
          return 'wasm';
        }
      } catch (err) {
        // setBackend rejects when the binary cannot be fetched or compiled; the cpu backend still works.
        console.warn(
          `TensorFlow.js WebAssembly backend unavailable, using cpu: ${err instanceof Error ? err.message : String((err as { message?: string })?.message ?? err)}`,
        );
      }
    }
    await options.loadCpu?.();
    if (!tf.findBackendFactory('cpu'))
      throw new Error('Neither the WebAssembly nor the cpu backend of TensorFlow.js could start.');
    await tf.setBackend('cpu');
    await tf.ready();
    return 'cpu';
  })();
  return ready;
}
