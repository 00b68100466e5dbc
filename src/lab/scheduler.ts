/**
 * The Worker's training loop, kept free of `self` so that it can be tested in Node: it steps every playing run
 * in short time slices (so that a "pause" message is handled within a few milliseconds), and batches the
 * reports it posts to about 20 messages a second — more would only queue up behind the page's drawing.
 * Runs played in one group (an island comparing two configurations) advance in lockstep, one step each in
 * turn, so that the two curves a reader compares always reach the same step together.
 */
import type { Session } from '../core/experiment';
import { openSession } from '../core/experiments';
import type { LabEvent, LabRequest } from './protocol';

const SLICE_MS = 12;
const POST_EVERY_MS = 50;

interface Run {
  session: Session<unknown>;
  playing: boolean;
  stepsPerSecond: number;
  maxSteps: number;
  pending: unknown[];
  lastPost: number;
  /** Fractional step budget carried between slices when a speed limit is set. */
  credit: number;
  msPerStep: number;
  /** Set once the session has diverged: it can only repeat the divergence, which the page has already heard. */
  diverged: boolean;
  /** Runs with the same group step in lockstep; a run on its own is its own group. */
  group: string;
}

export interface SchedulerHost {
  post(event: LabEvent): void;
  now(): number;
  /** Run `fn` soon (setTimeout(fn, ms) in a Worker). */
  later(fn: () => void, ms: number): void;
}

export function createScheduler(host: SchedulerHost) {
  const runs = new Map<string, Run>();
  let scheduled = false;
  let lastSlice = 0;

  const flush = (id: string, run: Run, force: boolean) => {
    if (run.pending.length === 0) return;
    if (!force && host.now() - run.lastPost < POST_EVERY_MS) return;
    host.post({ type: 'reports', run: id, reports: run.pending, steps: run.session.steps, msPerStep: run.msPerStep });
    run.pending = [];
    run.lastPost = host.now();
  };

  const stepOnce = (id: string, run: Run): boolean => {
    const t0 = host.now();
    const out = run.session.step();
    const dt = host.now() - t0;
    run.msPerStep = run.msPerStep === 0 ? dt : 0.9 * run.msPerStep + 0.1 * dt;
    if (out.ok) {
      run.pending.push(out.report);
      return true;
    }
    flush(id, run, true);
    run.playing = false;
    if (!run.diverged) host.post({ type: 'diverged', run: id, divergence: out.divergence });
    run.diverged = true;
    host.post({ type: 'state', run: id, playing: false, steps: run.session.steps });
    return false;
  };

  /** A step that threw (a bug, an out-of-memory in the wasm heap): stop that run, say so, keep the others going. */
  const fail = (id: string, run: Run, err: unknown) => {
    run.playing = false;
    flush(id, run, true);
    host.post({ type: 'error', run: id, message: err instanceof Error ? err.message : String(err) });
    host.post({ type: 'state', run: id, playing: false, steps: run.session.steps });
  };

  /** Step one run once if it may; false when it stopped (finished, diverged or failed). */
  const advance = (id: string, run: Run): boolean => {
    if (!run.playing) return false;
    if (run.session.steps >= run.maxSteps) {
      run.playing = false;
      // The last reports before the state that says the run is over.
      flush(id, run, true);
      host.post({ type: 'state', run: id, playing: false, steps: run.session.steps, finished: true });
      return false;
    }
    try {
      return stepOnce(id, run);
    } catch (err) {
      // Thrown out of this timer callback it would end the loop for every run, all still marked playing.
      fail(id, run, err);
      return false;
    }
  };

  const slice = () => {
    scheduled = false;
    const groups = new Map<string, [string, Run][]>();
    for (const [id, run] of runs) if (run.playing) groups.set(run.group, [...(groups.get(run.group) ?? []), [id, run]]);
    if (groups.size === 0) return;
    const start = host.now();
    const elapsed = lastSlice === 0 ? SLICE_MS : Math.min(250, start - lastSlice);
    lastSlice = start;
    [...groups.values()].forEach((members, i) => {
      const until = start + (SLICE_MS * (i + 1)) / groups.size;
      // The group's speed limit and credit are its first member's (every member was played with the same).
      const lead = members[0]![1];
      let allowed = Infinity;
      if (lead.stepsPerSecond > 0) {
        lead.credit = Math.min(lead.credit + (lead.stepsPerSecond * elapsed) / 1000, lead.stepsPerSecond);
        allowed = Math.floor(lead.credit);
      }
      let done = 0;
      while (done < allowed && host.now() < until) {
        // One step of every member per round: members stay within one step of each other.
        let stepped = false;
        for (const [id, run] of members) if (advance(id, run)) stepped = true;
        if (!stepped) break;
        done++;
      }
      if (lead.stepsPerSecond > 0) lead.credit -= done;
      for (const [id, run] of members) flush(id, run, !run.playing);
    });
    schedule();
  };

  const schedule = () => {
    if (scheduled || ![...runs.values()].some((r) => r.playing)) {
      if (!scheduled) lastSlice = 0;
      return;
    }
    scheduled = true;
    host.later(slice, 0);
  };

  const get = (id: string): Run => {
    const run = runs.get(id);
    if (!run) throw new Error(`no run "${id}"`);
    return run;
  };

  const handle = (msg: LabRequest) => {
    switch (msg.type) {
      case 'create': {
        // Validate before disposing: a bad config leaves the existing run as it was.
        const session = openSession(msg.experiment, msg.config);
        runs.get(msg.run)?.session.dispose();
        runs.set(msg.run, {
          session,
          playing: false,
          stepsPerSecond: 0,
          maxSteps: Infinity,
          pending: [],
          lastPost: 0,
          credit: 0,
          msPerStep: 0,
          diverged: false,
          group: msg.run,
        });
        host.post({ type: 'state', run: msg.run, playing: false, steps: 0 });
        break;
      }
      case 'play': {
        const run = get(msg.run);
        if (run.diverged) {
          host.post({ type: 'state', run: msg.run, playing: false, steps: run.session.steps });
          break;
        }
        run.playing = true;
        run.stepsPerSecond = Math.max(0, msg.stepsPerSecond);
        run.maxSteps = msg.maxSteps;
        run.group = msg.group ?? msg.run;
        run.credit = 1;
        host.post({ type: 'state', run: msg.run, playing: true, steps: run.session.steps });
        schedule();
        break;
      }
      case 'pause': {
        const run = get(msg.run);
        run.playing = false;
        flush(msg.run, run, true);
        host.post({ type: 'state', run: msg.run, playing: false, steps: run.session.steps });
        break;
      }
      case 'step': {
        const run = get(msg.run);
        try {
          for (let i = 0; i < msg.n; i++) if (!stepOnce(msg.run, run)) break;
        } catch (err) {
          fail(msg.run, run, err);
          break;
        }
        flush(msg.run, run, true);
        host.post({ type: 'state', run: msg.run, playing: run.playing, steps: run.session.steps });
        break;
      }
      case 'set':
        get(msg.run).session.set(msg.key, msg.value);
        break;
      case 'dispose':
        runs.get(msg.run)?.session.dispose();
        runs.delete(msg.run);
        break;
    }
  };

  return {
    handle(msg: LabRequest) {
      try {
        handle(msg);
      } catch (err) {
        host.post({ type: 'error', run: 'run' in msg ? msg.run : null, message: err instanceof Error ? err.message : String(err) });
      }
    },
    /** For tests: how many runs are alive. */
    get size() {
      return runs.size;
    },
  };
}
