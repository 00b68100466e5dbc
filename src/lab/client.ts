/**
 * The page's side of the lab: one Worker per page, shared by every island. Each island gets a handle for its own
 * run and hears only that run's events.
 *
 * The Worker is started ahead of need — in idle time, once an island comes near the viewport (`whenIdle`) — so
 * that TensorFlow.js and its WebAssembly binary are compiled, and the island's runs created, before the reader
 * presses Play. A Worker that fails
 * to start (a network hiccup, a script gone after a redeploy) or crashes is dropped: its islands hear an error
 * with `workerFailed`, forget their runs, and the next Play, Step or Reset starts a new Worker.
 */
import type { BackendName } from '../core/backend';
import type { ExperimentId } from '../core/experiments';
import type { LabEvent, LabRequest } from './protocol';

export type RunEvent =
  | Exclude<LabEvent, { type: 'ready' } | { type: 'error' }>
  /** `workerFailed`: the Worker itself is gone; every run on it is lost, and the next request starts a new one. */
  | (Extract<LabEvent, { type: 'error' }> & { workerFailed?: boolean });

export interface RunHandle {
  readonly id: string;
  create(config: unknown): void;
  /** Runs played with the same `group` advance in lockstep (see the scheduler). */
  play(options: { stepsPerSecond: number; maxSteps: number; group?: string }): void;
  pause(): void;
  step(n?: number): void;
  set(key: string, value: number): void;
  dispose(): void;
}

export interface Lab {
  /** Resolves with the backend the Worker started (wasm, or cpu when WebAssembly could not start). */
  backend: Promise<BackendName>;
  open(experiment: ExperimentId, listener: (event: RunEvent) => void): RunHandle;
}

let lab: Lab | null = null;
let nextRun = 0;

export function getLab(): Lab {
  if (lab) return lab;
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'gradient-lab' });
  const listeners = new Map<string, (event: RunEvent) => void>();
  let resolveBackend!: (b: BackendName) => void;
  let rejectBackend!: (e: Error) => void;
  const backend = new Promise<BackendName>((res, rej) => {
    resolveBackend = res;
    rejectBackend = rej;
  });
  // A rejection nobody awaited yet (a prewarmed Worker that failed) is reported through the listeners instead.
  backend.catch(() => {});
  let failed = false;
  const fail = (message: string) => {
    if (failed) return;
    failed = true;
    worker.terminate();
    // The next request from any island gets a fresh Worker.
    if (lab === current) lab = null;
    rejectBackend(new Error(message));
    listeners.forEach((l) => l({ type: 'error', run: null, message, workerFailed: true }));
    listeners.clear();
  };
  worker.onmessage = (e: MessageEvent<LabEvent>) => {
    const event = e.data;
    if (event.type === 'ready') resolveBackend(event.backend);
    else if (event.run !== null) listeners.get(event.run)?.(event);
    else listeners.forEach((l) => l(event));
  };
  // A script that cannot load (404, offline) and an error that escaped the Worker's own handlers both end here;
  // so does a message that cannot be decoded. Either way the Worker cannot be trusted with the page's runs.
  worker.onerror = (e) => {
    e.preventDefault?.();
    fail(e.message || 'the lab Worker failed to start');
  };
  worker.onmessageerror = () => fail('the lab Worker sent a message the page could not read');
  const send = (msg: LabRequest) => {
    if (!failed) worker.postMessage(msg);
  };
  const current: Lab = {
    backend,
    open(experiment, listener) {
      const id = `run${nextRun++}`;
      if (failed) {
        // Opened on a Worker that has just failed: say so at once, so that the island starts afresh.
        queueMicrotask(() =>
          listener({ type: 'error', run: null, message: 'the lab Worker stopped', workerFailed: true }),
        );
      } else listeners.set(id, listener);
      return {
        id,
        create: (config) => send({ type: 'create', run: id, experiment, config }),
        play: ({ stepsPerSecond, maxSteps, group }) =>
          send({ type: 'play', run: id, stepsPerSecond, maxSteps, ...(group ? { group } : {}) }),
        pause: () => send({ type: 'pause', run: id }),
        step: (n = 1) => send({ type: 'step', run: id, n }),
        set: (key, value) => send({ type: 'set', run: id, key, value }),
        dispose: () => {
          send({ type: 'dispose', run: id });
          listeners.delete(id);
        },
      };
    },
  };
  lab = current;
  return current;
}

/**
 * Whether to start the lab ahead of need (see `whenIdle`): not for readers who asked their browser to save data —
 * they are sent nothing before they press a control.
 */
export function mayPrewarm(): boolean {
  const nav = navigator as Navigator & { connection?: { saveData?: boolean } };
  return !nav.connection?.saveData;
}

/** Run `fn` when the browser is next idle (within two seconds at the latest). */
export function whenIdle(fn: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(() => fn(), { timeout: 2000 });
  else setTimeout(fn, 200);
}
