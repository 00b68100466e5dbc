/**
 * The Worker's training loop, kept free of `self` so that it can be tested in Node. It trains every playing run in
 * rounds: each group of runs (an island, with one run or the two of a comparison) gets its own time budget in a
 * round — and at least one step, however long a step takes — measured from the moment its turn starts, and the
 * group that goes first moves along by one every round. So every playing lab advances, at a rate set by its own
 * step time, whatever the labs before it cost. Between rounds the loop yields (the host's `later`, a MessageChannel
 * in the Worker: setTimeout(0) is clamped to 4 ms after a few nested calls, and left the Worker idle a quarter of
 * the time), so a "pause" message is handled within one round.
 *
 * Reports are batched to about 20 messages a second per run — more would only queue up behind the page's drawing.
 * Runs played in one group advance in lockstep, one step each in turn, so that the two curves a reader compares
 * always reach the same step together.
 */
import type { Session } from '../core/experiment';
import { openSession } from '../core/experiments';
import type { LabEvent, LabRequest } from './protocol';

/** One round's time, shared by the playing groups (each still gets one step at least). */
const ROUND_MS = 12;
const POST_EVERY_MS = 50;
/**
 * A task view (a forward pass over a grid and the data set) goes with the reports at most this often while a run
 * plays: the page draws four times a second (src/islands/kit/page-clock.ts), so more would be computed and never shown.
 */
export const VIEW_EVERY_MS = 250;
/** The longest idle time a speed-limited run may count as credit (after a pause in the page's messages). */
const MAX_ELAPSED_MS = 250;

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
  /** When the last task view was computed (−Infinity: none yet for this run), and at which step. */
  lastView: number;
  viewStep: number;
  /** Set once the session has diverged: it can only repeat the divergence, which the page has already heard. */
  diverged: boolean;
  /** Runs with the same group step in lockstep; a run on its own is its own group. */
  group: string;
}

export interface SchedulerHost {
  post(event: LabEvent): void;
  now(): number;
  /**
   * Run `fn` after `ms` ms — and, for 0, as soon as the messages already queued have been handled (a
   * MessageChannel post in the Worker, not a clamped setTimeout).
   */
  later(fn: () => void, ms: number): void;
}

export function createScheduler(host: SchedulerHost) {
  const runs = new Map<string, Run>();
  let scheduled = false;
  let lastSlice = 0;

  const flush = (id: string, run: Run, force: boolean) => {
    // A run that stops (a pause, its end) sends the view of the step it stops at, even with no reports left to send:
    // while it played, the last view may have been taken a few steps earlier.
    const staleView = force && !!run.session.view && run.session.steps > 0 && run.viewStep !== run.session.steps;
    if (run.pending.length === 0 && !staleView) return;
    if (!force && host.now() - run.lastPost < POST_EVERY_MS) return;
    const event: Extract<LabEvent, { type: 'reports' }> = {
      type: 'reports',
      run: id,
      reports: run.pending,
      steps: run.session.steps,
      msPerStep: run.msPerStep,
    };
    if (run.session.view && (force || host.now() - run.lastView >= VIEW_EVERY_MS)) {
      run.lastView = host.now();
      try {
        event.view = run.session.view();
        run.viewStep = event.view.step;
      } catch {
        // The picture of the task is an extra: a forward pass that fails (out of wasm memory) must not stop the
        // reports, and the page keeps the last view it drew.
      }
    }
    host.post(event);
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

  /** Rounds so far: the group that starts a round is the next one each time. */
  let round = 0;

  /** Step every member of a group once; false when none could (all stopped). */
  const stepGroup = (members: [string, Run][]): boolean => {
    let stepped = false;
    for (const [id, run] of members) if (advance(id, run)) stepped = true;
    return stepped;
  };

  const slice = () => {
    scheduled = false;
    const groups = new Map<string, [string, Run][]>();
    for (const [id, run] of runs) if (run.playing) groups.set(run.group, [...(groups.get(run.group) ?? []), [id, run]]);
    if (groups.size === 0) return;
    const start = host.now();
    const elapsed = lastSlice === 0 ? ROUND_MS : Math.min(MAX_ELAPSED_MS, start - lastSlice);
    lastSlice = start;
    const all = [...groups.values()];
    const first = round++ % all.length;
    const order = [...all.slice(first), ...all.slice(0, first)];
    const budget = ROUND_MS / order.length;
    /** The soonest a speed-limited group earns its next step, when no group could step in this round. */
    let wait = Infinity;
    let anyStepped = false;
    for (const members of order) {
      // The group's speed limit and credit are its first member's (every member was played with the same).
      const lead = members[0]![1];
      let allowed = Infinity;
      if (lead.stepsPerSecond > 0) {
        lead.credit = Math.min(lead.credit + (lead.stepsPerSecond * elapsed) / 1000, lead.stepsPerSecond);
        allowed = Math.floor(lead.credit);
        if (allowed < 1) wait = Math.min(wait, ((1 - lead.credit) * 1000) / lead.stepsPerSecond);
      }
      // This group's own budget, from when its turn starts: what the groups before it spent is not its loss.
      const until = host.now() + budget;
      let done = 0;
      // One step of every member per round: members stay within one step of each other. Reports go out as soon
      // as they are due, mid-turn too — a run's very first step at once, so that Play shows a point after one step.
      while (done < allowed && (done === 0 || host.now() < until) && stepGroup(members)) {
        done++;
        for (const [id, run] of members) flush(id, run, false);
      }
      if (lead.stepsPerSecond > 0) lead.credit -= done;
      if (done > 0) anyStepped = true;
      for (const [id, run] of members) flush(id, run, !run.playing);
    }
    schedule(anyStepped || !Number.isFinite(wait) ? 0 : Math.ceil(wait));
  };

  const schedule = (ms = 0) => {
    if (scheduled || ![...runs.values()].some((r) => r.playing)) {
      if (!scheduled) lastSlice = 0;
      return;
    }
    scheduled = true;
    host.later(slice, ms);
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
          lastView: -Infinity,
          viewStep: -1,
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
        host.post({
          type: 'error',
          run: 'run' in msg ? msg.run : null,
          message: err instanceof Error ? err.message : String(err),
        });
      }
    },
    /** For tests: how many runs are alive. */
    get size() {
      return runs.size;
    },
  };
}
