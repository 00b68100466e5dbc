/// <reference lib="webworker" />
/**
 * The lab Worker: TensorFlow.js lives here and only here, so training never blocks the page and the page
 * downloads tfjs only when an island is about to be used (the Worker is created on first use).
 */
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { initBackend } from '../core/backend';
import { EXPERIMENTS, openSession } from '../core/experiments';
import type { LabEvent, LabRequest } from './protocol';
import { createScheduler } from './scheduler';

declare const self: DedicatedWorkerGlobalScope;

const post = (event: LabEvent) => self.postMessage(event);

/**
 * A zero-delay yield: a message to ourselves runs after the messages already queued (a "pause" from the page), with
 * none of setTimeout's 4 ms clamp, which kept the Worker idle about a quarter of the time.
 */
const channel = new MessageChannel();
const soon: (() => void)[] = [];
channel.port1.onmessage = () => soon.shift()?.();

const scheduler = createScheduler({
  post,
  now: () => performance.now(),
  later: (fn, ms) => {
    if (ms > 0) setTimeout(fn, ms);
    else {
      soon.push(fn);
      channel.port2.postMessage(null);
    }
  },
});

const ready = initBackend({
  loadCpu: () => import('@tensorflow/tfjs-backend-cpu'),
  wasmPaths: {
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    // Never fetched: threads are switched off (src/core/backend.ts). setWasmPaths insists on all three names, and
    // importing the binary only to name it shipped 436 kB that no page loads; were it ever asked for, the 404
    // would fall back to the cpu backend like any other failure to start WebAssembly.
    'tfjs-backend-wasm-threaded-simd.wasm': new URL('tfjs-backend-wasm-threaded-simd.wasm', self.location.href).href,
  },
}).then((backend) => {
  warmUp();
  post({ type: 'ready', backend });
  return backend;
});

/**
 * One throwaway step of every experiment, while the page has not asked for anything yet (the Worker starts in idle
 * time, ahead of Play): the first step of a kind of network on a fresh backend runs its kernels for the first time
 * (the engine compiles and optimises them), and costs many times a later step. Paid here, a reader's Play shows a
 * point after one ordinary step.
 */
function warmUp() {
  for (const id of Object.keys(EXPERIMENTS)) {
    try {
      const session = openSession(id, {});
      try {
        session.step();
        // And the picture of its task, which the first reports of a run carry (its forward pass over the grid).
        session.view?.();
      } finally {
        session.dispose();
      }
    } catch {
      // A warm-up that fails costs nothing but the warm-up: the real run reports its own errors.
    }
  }
}

self.onmessage = (e: MessageEvent<LabRequest>) => {
  void ready.then(() => scheduler.handle(e.data));
};
