/**
 * The lab Worker's loop, run in Node through its injectable host: a fake clock, a manual queue standing in for
 * setTimeout, and a list of the events it posts. Sessions are real (the `mlp` experiment on the wasm backend).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../src/core/backend';
import * as tf from '../../src/core/tf';
import { EXPERIMENTS } from '../../src/core/experiments';
import type { Session } from '../../src/core/experiment';
import type { MlpReport } from '../../src/core/experiments/mlp';
import { createScheduler } from '../../src/lab/scheduler';
import type { LabEvent } from '../../src/lab/protocol';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Every call to now() moves the clock by `tick` ms — the cost of the work between two readings — so slices end
 * and posts fall due deterministically; `advance` adds idle time between timer callbacks.
 */
function harness(tick = 1) {
  let t = 10_000;
  const events: LabEvent[] = [];
  const queue: (() => void)[] = [];
  const scheduler = createScheduler({
    post: (e) => events.push(e),
    now: () => (t += tick),
    later: (fn) => void queue.push(fn),
  });
  return {
    scheduler,
    events,
    queue,
    advance: (ms: number) => void (t += ms),
    /** Run queued timer callbacks (each may queue the next) until none is left or `max` have run. */
    drain(max = 10_000, idleMs = 0) {
      let n = 0;
      while (queue.length > 0 && n < max) {
        t += idleMs;
        queue.shift()!();
        n++;
      }
      return n;
    },
    of: <T extends LabEvent['type']>(type: T) =>
      events.filter((e): e is Extract<LabEvent, { type: T }> => e.type === type),
    clear: () => void events.splice(0),
  };
}

const SMALL = { depth: 3, width: 8 };

/** mlp sessions that call `before` ahead of each step (to move a fake clock, or to record the order of steps). */
function spyOnSteps(before: (config: { seed: number }) => void) {
  const realCreate = EXPERIMENTS.mlp.create;
  vi.spyOn(EXPERIMENTS.mlp, 'create').mockImplementation((config) => {
    const session = realCreate(config);
    return {
      get steps() {
        return session.steps;
      },
      step: () => {
        before(config);
        return session.step();
      },
      set: (k, v) => session.set(k, v),
      dispose: () => session.dispose(),
    };
  });
}
const stepsOf = (events: Extract<LabEvent, { type: 'reports' }>[]) =>
  events.flatMap((e) => (e.reports as MlpReport[]).map((r) => r.step));

describe('the lab scheduler', () => {
  it('creates a run and steps it on request, posting the reports and the new state', () => {
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    expect(h.events).toEqual([{ type: 'state', run: 'a', playing: false, steps: 0 }]);
    expect(h.scheduler.size).toBe(1);
    h.clear();
    h.scheduler.handle({ type: 'step', run: 'a', n: 3 });
    const [reports, state] = h.events;
    expect(reports).toMatchObject({ type: 'reports', run: 'a', steps: 3 });
    expect(stepsOf([reports as Extract<LabEvent, { type: 'reports' }>])).toEqual([1, 2, 3]);
    expect(state).toEqual({ type: 'state', run: 'a', playing: false, steps: 3 });
    expect(h.queue).toHaveLength(0);
    h.scheduler.handle({ type: 'dispose', run: 'a' });
    expect(h.scheduler.size).toBe(0);
  });

  it('plays in slices, batches the reports, and stops by itself at maxSteps', () => {
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    h.clear();
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 0, maxSteps: 60 });
    expect(h.events).toEqual([{ type: 'state', run: 'a', playing: true, steps: 0 }]);
    // Nothing runs inside the message handler: training waits for the timer, so other messages get in.
    expect(h.of('reports')).toHaveLength(0);
    const slices = h.drain();
    const posts = h.of('reports');
    // Every step reported exactly once, in order, and in fewer messages than steps (measured with this clock:
    // 60 steps in 16 slices, posted in 5 messages of 4, 16, 16, 16 and 8 reports).
    expect(stepsOf(posts)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(slices).toBeGreaterThan(1);
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.length).toBeLessThan(60 / 4);
    posts.forEach((p) => expect(p.steps).toBe((p.reports.at(-1) as MlpReport).step));
    // The run ends with its last reports, then a state that says it finished; no timer is left behind.
    expect(h.events.at(-1)).toEqual({ type: 'state', run: 'a', playing: false, steps: 60, finished: true });
    expect(h.events.at(-2)?.type).toBe('reports');
    expect(h.queue).toHaveLength(0);
    h.scheduler.handle({ type: 'dispose', run: 'a' });
  });

  it('holds reports back until 50 ms have passed since the last post', () => {
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 0, maxSteps: 200 });
    h.clear();
    h.drain();
    const posts = h.of('reports');
    // With 1 ms per clock reading a step costs 3 ms, so 50 ms hold well over 4 steps per message.
    expect(posts.slice(1, -1).every((p) => p.reports.length >= 4)).toBe(true);
    h.scheduler.handle({ type: 'dispose', run: 'a' });
  });

  it('pauses: posts what it holds, stops stepping, and resumes where it was', () => {
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 0, maxSteps: 1000 });
    h.drain(3);
    h.clear();
    h.scheduler.handle({ type: 'pause', run: 'a' });
    const state = h.events.at(-1) as Extract<LabEvent, { type: 'state' }>;
    expect(state).toMatchObject({ type: 'state', run: 'a', playing: false });
    const paused = state.steps;
    expect(paused).toBeGreaterThan(0);
    // The slice already queued finds nothing playing and queues no other.
    h.drain();
    expect(h.queue).toHaveLength(0);
    h.scheduler.handle({ type: 'step', run: 'a', n: 1 });
    expect(h.events.at(-1)).toEqual({ type: 'state', run: 'a', playing: false, steps: paused + 1 });
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 0, maxSteps: paused + 11 });
    h.clear();
    h.drain();
    expect(stepsOf(h.of('reports'))).toEqual(Array.from({ length: 10 }, (_, i) => paused + 2 + i));
    h.scheduler.handle({ type: 'dispose', run: 'a' });
  });

  it('keeps to a speed limit', () => {
    // A clock that barely moves while working, and 100 ms of idle time before each slice: 20 steps/s allow 2.
    const h = harness(0.001);
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 20, maxSteps: 1000 });
    h.drain(11, 100);
    h.scheduler.handle({ type: 'pause', run: 'a' });
    const steps = (h.events.at(-1) as Extract<LabEvent, { type: 'state' }>).steps;
    // The first slice spends the initial credit of 1 (its elapsed time counts as one 12 ms slice), the next ten
    // add 2 each: 21.
    expect(steps).toBe(21);
    h.scheduler.handle({ type: 'dispose', run: 'a' });
  });

  it('shares the slices between playing runs', () => {
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    h.scheduler.handle({ type: 'create', run: 'b', experiment: 'mlp', config: { ...SMALL, seed: 2 } });
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 0, maxSteps: 30 });
    h.scheduler.handle({ type: 'play', run: 'b', stepsPerSecond: 0, maxSteps: 30 });
    h.drain();
    for (const run of ['a', 'b']) {
      expect(stepsOf(h.of('reports').filter((e) => e.run === run))).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
    }
    expect(h.queue).toHaveLength(0);
    h.scheduler.handle({ type: 'dispose', run: 'a' });
    h.scheduler.handle({ type: 'dispose', run: 'b' });
  });

  it('is fair: runs whose steps each outlast the round budget all advance, within 2× of each other', () => {
    // A clock that moves only when a step runs, by 20 ms a step: longer than a round's whole budget (12 ms).
    let t = 10_000;
    const queue: (() => void)[] = [];
    const events: LabEvent[] = [];
    spyOnSteps(() => void (t += 20));
    const scheduler = createScheduler({
      post: (e) => events.push(e),
      now: () => t,
      later: (fn) => void queue.push(fn),
    });
    const ids = ['a', 'b', 'c'];
    for (const run of ids) {
      scheduler.handle({ type: 'create', run, experiment: 'mlp', config: SMALL });
      scheduler.handle({ type: 'play', run, stepsPerSecond: 0, maxSteps: 10_000 });
    }
    for (let n = 0; n < 40 && queue.length > 0; n++) queue.shift()!();
    const steps = ids.map((run) =>
      stepsOf(events.filter((e): e is Extract<LabEvent, { type: 'reports' }> => e.type === 'reports' && e.run === run)),
    );
    const counts = steps.map((s) => s.length);
    // Every round gives every run one step: 40 rounds, 40 steps each (the old loop gave the first run all 114).
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(Math.min(...counts) / Math.max(...counts)).toBeGreaterThanOrEqual(0.5);
    for (const run of ids) scheduler.handle({ type: 'dispose', run });
  });

  it('rotates which run goes first, so that an expensive run never starves the ones after it', () => {
    let t = 10_000;
    const queue: (() => void)[] = [];
    const order: string[] = [];
    spyOnSteps((config) => {
      order.push(`seed${config.seed}`);
      t += 30;
    });
    const scheduler = createScheduler({ post: () => {}, now: () => t, later: (fn) => void queue.push(fn) });
    for (const seed of [1, 2, 3]) {
      scheduler.handle({ type: 'create', run: `r${seed}`, experiment: 'mlp', config: { ...SMALL, seed } });
      scheduler.handle({ type: 'play', run: `r${seed}`, stepsPerSecond: 0, maxSteps: 100 });
    }
    for (let n = 0; n < 3; n++) queue.shift()!();
    expect(order).toEqual(['seed1', 'seed2', 'seed3', 'seed2', 'seed3', 'seed1', 'seed3', 'seed1', 'seed2']);
    for (const seed of [1, 2, 3]) scheduler.handle({ type: 'dispose', run: `r${seed}` });
  });

  it("waits for a speed-limited run's next step instead of spinning", () => {
    // A clock that stands still: steps cost nothing, only the speed limit holds the run back.
    const t = 10_000;
    const delays: number[] = [];
    const queue: (() => void)[] = [];
    const scheduler = createScheduler({
      post: () => {},
      now: () => t,
      later: (fn, ms) => {
        delays.push(ms);
        queue.push(fn);
      },
    });
    scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    // 2 steps a second: after the first step, the next is due in about 500 ms.
    scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 2, maxSteps: 100 });
    queue.shift()!();
    queue.shift()!();
    expect(delays[0]).toBe(0);
    expect(delays.at(-1)).toBeGreaterThan(400);
    expect(delays.at(-1)).toBeLessThanOrEqual(500);
    scheduler.handle({ type: 'dispose', run: 'a' });
  });

  it('changes a live parameter, and reports a bad one as an error without stopping the run', () => {
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    h.clear();
    h.scheduler.handle({ type: 'set', run: 'a', key: 'learningRate', value: 0.5 });
    expect(h.events).toEqual([]);
    h.scheduler.handle({ type: 'set', run: 'a', key: 'depth', value: 4 });
    expect(h.events).toEqual([{ type: 'error', run: 'a', message: 'mlp: "depth" cannot change while running' }]);
    h.scheduler.handle({ type: 'step', run: 'a', n: 2 });
    expect(h.events.at(-1)).toEqual({ type: 'state', run: 'a', playing: false, steps: 2 });
    h.scheduler.handle({ type: 'dispose', run: 'a' });
  });

  it('stops playing at a divergence and posts it once', () => {
    const h = harness();
    // The mlp test's diverging config: ReLU, N(0, 3²) weights, learning rate 1.
    const config = { depth: 12, activation: 'relu', init: 'normal', initScale: 3, learningRate: 1 };
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config });
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 0, maxSteps: 1000 });
    h.drain();
    const diverged = h.of('diverged');
    expect(diverged).toHaveLength(1);
    const { step } = diverged[0]!.divergence;
    // Every finite step before it was reported, and the run says it stopped there.
    expect(stepsOf(h.of('reports'))).toEqual(Array.from({ length: step - 1 }, (_, i) => i + 1));
    expect(h.events.at(-1)).toEqual({ type: 'state', run: 'a', playing: false, steps: step - 1 });
    expect(h.queue).toHaveLength(0);
    // Asking again changes nothing and does not repeat the news.
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 0, maxSteps: 1000 });
    h.scheduler.handle({ type: 'step', run: 'a', n: 5 });
    h.drain();
    expect(h.of('diverged')).toHaveLength(1);
    expect(h.events.at(-1)).toEqual({ type: 'state', run: 'a', playing: false, steps: step - 1 });
    // A re-create starts afresh, and may diverge (and be told) again.
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config });
    h.scheduler.handle({ type: 'step', run: 'a', n: 1000 });
    expect(h.of('diverged')).toHaveLength(2);
    h.scheduler.handle({ type: 'dispose', run: 'a' });
  });

  it('posts an error for a bad config or an unknown experiment, and leaves existing runs as they were', () => {
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    h.scheduler.handle({ type: 'step', run: 'a', n: 2 });
    h.clear();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: { depth: 0 } });
    h.scheduler.handle({ type: 'create', run: 'b', experiment: 'mlp', config: { colour: 'red' } });
    h.scheduler.handle({ type: 'create', run: 'c', experiment: 'nope' as 'mlp', config: {} });
    expect(h.events.map((e) => e.type)).toEqual(['error', 'error', 'error']);
    expect(h.events.map((e) => (e as { run: string }).run)).toEqual(['a', 'b', 'c']);
    expect((h.events[2] as { message: string }).message).toBe('unknown experiment "nope"');
    expect(h.scheduler.size).toBe(1);
    // Run a kept its session and its place.
    h.scheduler.handle({ type: 'step', run: 'a', n: 1 });
    expect(stepsOf(h.of('reports'))).toEqual([3]);
    // Messages for runs that do not exist are errors too, not crashes.
    h.clear();
    h.scheduler.handle({ type: 'play', run: 'zz', stepsPerSecond: 0, maxSteps: 5 });
    h.scheduler.handle({ type: 'step', run: 'zz', n: 1 });
    h.scheduler.handle({ type: 'dispose', run: 'zz' });
    expect(h.events).toEqual([
      { type: 'error', run: 'zz', message: 'no run "zz"' },
      { type: 'error', run: 'zz', message: 'no run "zz"' },
    ]);
    h.scheduler.handle({ type: 'dispose', run: 'a' });
  });

  it('stops a run whose step throws, says so, and keeps the other runs going', () => {
    const h = harness();
    const realCreate = EXPERIMENTS.mlp.create;
    vi.spyOn(EXPERIMENTS.mlp, 'create').mockImplementation((config) => {
      const session = realCreate(config);
      if (config.seed !== 99) return session;
      const broken: Session<MlpReport> = {
        get steps() {
          return session.steps;
        },
        step: () => {
          if (session.steps === 4) throw new Error('out of memory');
          return session.step();
        },
        set: (k, v) => session.set(k, v),
        dispose: () => session.dispose(),
      };
      return broken;
    });
    h.scheduler.handle({ type: 'create', run: 'bad', experiment: 'mlp', config: { ...SMALL, seed: 99 } });
    h.scheduler.handle({ type: 'create', run: 'good', experiment: 'mlp', config: SMALL });
    h.scheduler.handle({ type: 'play', run: 'bad', stepsPerSecond: 0, maxSteps: 40 });
    h.scheduler.handle({ type: 'play', run: 'good', stepsPerSecond: 0, maxSteps: 40 });
    h.drain();
    expect(h.of('error')).toEqual([{ type: 'error', run: 'bad', message: 'out of memory' }]);
    expect(stepsOf(h.of('reports').filter((e) => e.run === 'bad'))).toEqual([1, 2, 3, 4]);
    expect(
      h
        .of('state')
        .filter((e) => e.run === 'bad')
        .at(-1),
    ).toEqual({ type: 'state', run: 'bad', playing: false, steps: 4 });
    expect(
      h
        .of('state')
        .filter((e) => e.run === 'good')
        .at(-1),
    ).toMatchObject({ steps: 40, finished: true });
    h.scheduler.handle({ type: 'dispose', run: 'bad' });
    h.scheduler.handle({ type: 'dispose', run: 'good' });
  });

  it('leaves tf.memory().numTensors where it started after creating, re-creating and disposing runs', () => {
    const start = tf.memory().numTensors;
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: SMALL });
    h.scheduler.handle({
      type: 'create',
      run: 'b',
      experiment: 'pretraining',
      config: { depth: 3, width: 8, pretrainSteps: 5 },
    });
    h.scheduler.handle({ type: 'create', run: 'c', experiment: 'outliers', config: {} });
    for (const run of ['a', 'b', 'c']) h.scheduler.handle({ type: 'play', run, stepsPerSecond: 0, maxSteps: 20 });
    h.drain();
    // Re-create each (the old session must be freed), one with a bad config (the old one must survive), play
    // again, then dispose everything, one of them while it is playing.
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: { ...SMALL, depth: 5 } });
    h.scheduler.handle({ type: 'create', run: 'b', experiment: 'mlp', config: SMALL });
    h.scheduler.handle({ type: 'create', run: 'c', experiment: 'outliers', config: { depth: -1 } });
    for (const run of ['a', 'b', 'c']) h.scheduler.handle({ type: 'play', run, stepsPerSecond: 0, maxSteps: 40 });
    h.drain(2);
    h.scheduler.handle({ type: 'dispose', run: 'a' });
    h.drain();
    h.scheduler.handle({ type: 'dispose', run: 'b' });
    h.scheduler.handle({ type: 'dispose', run: 'c' });
    expect(h.scheduler.size).toBe(0);
    expect(h.of('error')).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(start);
  });
});
