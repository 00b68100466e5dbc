/// <reference lib="webworker" />
/**
 * The bench's browser side: the core in a module Worker on the wasm backend, so the numbers are those a reader's
 * browser gets from the lab Worker (src/lab/worker.ts).
 */
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
// Never fetched (initBackend turns threads off), but setWasmPaths rejects a map without all three names.
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend } from '../../src/core/backend';
import { runBench, type BenchOptions } from '../measure';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (e: MessageEvent<BenchOptions>) => {
  try {
    const backend = await initBackend({
      // As src/lab/worker.ts starts it.
      wasmPaths: {
        'tfjs-backend-wasm.wasm': wasmUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
      },
    });
    // A cpu-backend number would say nothing about the target; refuse to print one.
    if (backend !== 'wasm') throw new Error(`the wasm backend did not start in the Worker (got ${backend})`);
    self.postMessage({ ok: true, result: runBench(backend, e.data) });
  } catch (err) {
    self.postMessage({ ok: false, message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
};
