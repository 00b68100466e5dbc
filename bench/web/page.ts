/**
 * The bench page: starts the bench Worker with the options in the URL's query (?only=mlp&rounds=7) and leaves
 * the outcome on `window.__bench` for bench/run.mjs to read.
 */
import type { BenchOptions, BenchResult } from '../measure';

type Outcome = { ok: true; result: BenchResult } | { ok: false; message: string };

declare global {
  interface Window {
    __bench?: Outcome;
  }
}

const query = new URLSearchParams(location.search);
const options: BenchOptions = {};
if (query.get('only')) options.only = query.get('only')!.split(',');
if (query.get('rounds')) options.rounds = Number(query.get('rounds'));

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bench' });
worker.onmessage = (e: MessageEvent<Outcome>) => {
  window.__bench = e.data;
  document.body.textContent = JSON.stringify(e.data, null, 2);
};
worker.onerror = (e) => {
  window.__bench = { ok: false, message: e.message || 'the bench Worker failed to start' };
};
worker.postMessage(options);
