/**
 * A persistent, content-addressed cache of seeded runs. A run is a pure function of its key — the experiment, its
 * whole configuration (defaults filled in by the experiment's schema), the number of steps, the code version
 * (src/core/ and tfjs, see code-version.ts) and the tfjs backend — so whoever asks for the same key gets the
 * reports the first training produced: the other pages of a build, the next build, the dev server, the claims
 * tests. Editing a chapter changes no key; editing src/core/ changes every key.
 *
 * One file per run, named by the SHA-256 of its key, written to a temporary name and renamed into place (a reader
 * never sees half a file). Each file carries the SHA-256 of its contents and its full key; a file that is cut
 * short, altered, unreadable or holds another key is deleted and the run trained again, never served.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { z } from 'zod';
import type { Divergence, Experiment } from '../core/experiment';
import type { TaskView } from '../core/task-view';
import { runExperimentSliced } from './sliced-run';

export interface CachedRun<R> {
  reports: R[];
  divergence: Divergence | null;
  /** Training time per step when the run was trained (not when it was read). */
  msPerStep: number;
  /** What the model made of its task after its last step (see Session.view), for experiments that give one. */
  view: TaskView | null;
}

export interface RunKeyParts {
  experiment: string;
  config: unknown;
  steps: number;
  code: string;
  backend: string;
}

/** Bump when the file layout or what a run holds changes. */
const FORMAT = 2;
const MAGIC = Buffer.from('vg-run\u00001\n', 'latin1');
const DIGEST_BYTES = 32;

/** JSON with every object's keys sorted, so that equal configurations give equal keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export function runKey(parts: RunKeyParts): string {
  return canonicalJson({ format: FORMAT, ...parts });
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest();

export function entryPath(dir: string, key: string): string {
  return path.join(dir, `${sha256(key).toString('hex')}.run`);
}

/** MAGIC, then the SHA-256 of the body, then the body: the key and the run, as V8 serializes them (exact doubles, NaN, −0). */
export function encodeEntry(key: string, run: CachedRun<unknown>): Buffer {
  const body = serialize({ key, run });
  return Buffer.concat([MAGIC, sha256(body), body]);
}

/** The run stored under `key` in these bytes, or why they cannot be trusted. */
export function decodeEntry(
  key: string,
  bytes: Buffer,
): { ok: true; run: CachedRun<unknown> } | { ok: false; reason: string } {
  const head = MAGIC.length + DIGEST_BYTES;
  if (bytes.length < head || !bytes.subarray(0, MAGIC.length).equals(MAGIC))
    return { ok: false, reason: 'not a run file' };
  const body = bytes.subarray(head);
  if (!sha256(body).equals(bytes.subarray(MAGIC.length, head))) return { ok: false, reason: 'checksum mismatch' };
  let entry: { key?: unknown; run?: Partial<CachedRun<unknown>> };
  try {
    entry = deserialize(body);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (entry?.key !== key) return { ok: false, reason: 'another key' };
  const run = entry.run;
  const d = run?.divergence;
  if (
    !run ||
    !Array.isArray(run.reports) ||
    typeof run.msPerStep !== 'number' ||
    !(run.view === null || (typeof run.view === 'object' && typeof run.view?.kind === 'string')) ||
    !(d === null || (typeof d === 'object' && typeof d?.step === 'number' && typeof d?.quantity === 'string'))
  )
    return { ok: false, reason: 'not a run' };
  return { ok: true, run: run as CachedRun<unknown> };
}

export type ReadOutcome =
  | { status: 'hit'; run: CachedRun<unknown> }
  | { status: 'miss' }
  | { status: 'corrupt'; reason: string };

export function readEntry(dir: string, key: string): ReadOutcome {
  const file = entryPath(dir, key);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'miss' };
    return { status: 'corrupt', reason: (err as Error).message };
  }
  const decoded = decodeEntry(key, bytes);
  if (decoded.ok) return { status: 'hit', run: decoded.run };
  rmSync(file, { force: true });
  return { status: 'corrupt', reason: decoded.reason };
}

/** Write to a name no other writer uses, then rename: readers find the whole file or none. */
export function writeEntry(dir: string, key: string, run: CachedRun<unknown>): void {
  const file = entryPath(dir, key);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(temp, encodeEntry(key, run));
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

export interface RunCacheOptions {
  /** The folder of run files; null keeps runs in memory only. */
  dir: string | null;
  /** The code version (code-version.ts). */
  code: string;
  /** Start tfjs if needed, and name the backend the runs compute on. */
  backend: () => Promise<string>;
  /** Append a JSON line per training to this file (to count trainings across processes). */
  log?: string | undefined;
}

export interface RunCacheStats {
  /** Runs trained by this process. */
  trained: number;
  /** Runs read from the folder. */
  read: number;
  /** Requests answered by a run this process already had or was already training. */
  shared: number;
  /** Files found corrupt (and trained again). */
  corrupt: number;
}

export interface RunCache {
  run<S extends z.ZodTypeAny, R>(
    experiment: Experiment<S, R>,
    config: z.input<S>,
    steps: number,
  ): Promise<CachedRun<R> & { backend: string }>;
  readonly stats: RunCacheStats;
}

export function createRunCache(options: RunCacheOptions): RunCache {
  const memory = new Map<string, Promise<CachedRun<unknown> & { backend: string }>>();
  const stats: RunCacheStats = { trained: 0, read: 0, shared: 0, corrupt: 0 };
  let writeWarned = false;

  async function load<S extends z.ZodTypeAny, R>(
    experiment: Experiment<S, R>,
    config: z.output<S>,
    steps: number,
    key: string,
    backend: string,
  ): Promise<CachedRun<unknown> & { backend: string }> {
    if (options.dir) {
      const found = readEntry(options.dir, key);
      if (found.status === 'hit') {
        stats.read++;
        return { ...found.run, backend };
      }
      if (found.status === 'corrupt') {
        stats.corrupt++;
        console.warn(`Run cache: ${experiment.id}, ${steps} steps: ${found.reason}; training it again`);
      }
    }
    const t0 = performance.now();
    const { reports, divergence, view } = await runExperimentSliced(experiment, config, steps);
    const ms = performance.now() - t0;
    const run: CachedRun<R> = { reports, divergence, msPerStep: ms / Math.max(1, reports.length), view };
    stats.trained++;
    if (options.dir) {
      try {
        writeEntry(options.dir, key, run);
      } catch (err) {
        if (!writeWarned)
          console.warn(`Run cache: cannot write to ${options.dir} (${(err as Error).message}); runs stay in memory`);
        writeWarned = true;
      }
    }
    if (options.log) {
      const line = {
        experiment: experiment.id,
        steps,
        key: sha256(key).toString('hex'),
        ms: Math.round(ms),
        pid: process.pid,
      };
      appendFileSync(options.log, `${JSON.stringify(line)}\n`);
    }
    return { ...run, backend };
  }

  return {
    stats,
    async run(experiment, config, steps) {
      const parsed = experiment.schema.parse(config);
      const backend = await options.backend();
      const key = runKey({ experiment: experiment.id, config: parsed, steps, code: options.code, backend });
      let run = memory.get(key);
      if (run) stats.shared++;
      else {
        run = load(experiment, parsed, steps, key, backend);
        memory.set(key, run);
      }
      return run as Promise<CachedRun<never> & { backend: string }>;
    },
  };
}
