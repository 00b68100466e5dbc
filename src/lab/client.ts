/**
 * The page's side of the lab: one Worker per page, created the first time an island asks for it, shared by
 * every island. Each island gets a handle for its own run and hears only that run's events.
 */
import type { BackendName } from '../core/backend';
import type { ExperimentId } from '../core/experiments';
import type { LabEvent, LabRequest } from './protocol';

export type RunEvent = Exclude<LabEvent, { type: 'ready' }>;

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
  worker.onmessage = (e: MessageEvent<LabEvent>) => {
    const event = e.data;
    if (event.type === 'ready') resolveBackend(event.backend);
    else if (event.run !== null) listeners.get(event.run)?.(event);
    else listeners.forEach((l) => l(event));
  };
  worker.onerror = (e) => {
    const message = e.message || 'the lab Worker failed to start';
    rejectBackend(new Error(message));
    listeners.forEach((l) => l({ type: 'error', run: null, message }));
  };
  const send = (msg: LabRequest) => worker.postMessage(msg);
  lab = {
    backend,
    open(experiment, listener) {
      const id = `run${nextRun++}`;
      listeners.set(id, listener);
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
  return lab;
}
