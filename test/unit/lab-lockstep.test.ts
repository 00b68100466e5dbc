/**
 * Comparison mode: an island's two runs, played in one group, advance in lockstep in the shared Worker — the two
 * curves a reader compares always stand at the same step — and one run's divergence does not stop the other.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/backend';
import type { MlpReport } from '../../src/core/experiments/mlp';
import { createScheduler } from '../../src/lab/scheduler';
import type { LabEvent } from '../../src/lab/protocol';

beforeAll(async () => {
  expect(await initBackend()).toBe('wasm');
});

function harness() {
  let t = 10_000;
  const events: LabEvent[] = [];
  const queue: (() => void)[] = [];
  const scheduler = createScheduler({
    post: (e) => events.push(e),
    now: () => (t += 1),
    later: (fn) => void queue.push(fn),
  });
  return {
    scheduler,
    events,
    drain(max = 10_000) {
      for (let n = 0; queue.length > 0 && n < max; n++) queue.shift()!();
    },
    steps(run: string) {
      return events
        .filter((e): e is Extract<LabEvent, { type: 'reports' }> => e.type === 'reports' && e.run === run)
        .flatMap((e) => (e.reports as MlpReport[]).map((r) => r.step));
    },
  };
}

describe('runs played in one group', () => {
  it('step in turn: after any slice the two runs are at most one step apart, and both reach maxSteps', () => {
    const h = harness();
    // A cheap run and a run about 30 times as expensive: on their own, time slices would let the cheap one race ahead.
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: { depth: 2, width: 4 } });
    h.scheduler.handle({ type: 'create', run: 'b', experiment: 'mlp', config: { depth: 24, width: 48 } });
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 0, maxSteps: 40, group: 'g' });
    h.scheduler.handle({ type: 'play', run: 'b', stepsPerSecond: 0, maxSteps: 40, group: 'g' });
    for (let i = 0; i < 200; i++) {
      h.drain(1);
      expect(Math.abs(h.steps('a').length - h.steps('b').length)).toBeLessThanOrEqual(1);
    }
    h.drain();
    expect(h.steps('a')).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(h.steps('b')).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    h.scheduler.handle({ type: 'dispose', run: 'a' });
    h.scheduler.handle({ type: 'dispose', run: 'b' });
  });

  it('keeps playing the other run when one diverges', () => {
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: { depth: 6, width: 8 } });
    h.scheduler.handle({
      type: 'create',
      run: 'b',
      experiment: 'mlp',
      config: { depth: 6, width: 8, activation: 'relu', init: 'normal', initScale: 5, learningRate: 3 },
    });
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 0, maxSteps: 30, group: 'g' });
    h.scheduler.handle({ type: 'play', run: 'b', stepsPerSecond: 0, maxSteps: 30, group: 'g' });
    h.drain();
    const diverged = h.events.filter((e) => e.type === 'diverged');
    expect(diverged.map((e) => e.run)).toEqual(['b']);
    expect(h.steps('a')).toHaveLength(30);
    expect(h.steps('b').length).toBeLessThan(30);
  });

  it('honours the speed limit for the group as a whole', () => {
    const h = harness();
    h.scheduler.handle({ type: 'create', run: 'a', experiment: 'mlp', config: { depth: 2, width: 4 } });
    h.scheduler.handle({ type: 'create', run: 'b', experiment: 'mlp', config: { depth: 2, width: 4 } });
    h.scheduler.handle({ type: 'play', run: 'a', stepsPerSecond: 5, maxSteps: 1000, group: 'g' });
    h.scheduler.handle({ type: 'play', run: 'b', stepsPerSecond: 5, maxSteps: 1000, group: 'g' });
    // Each slice reads the clock a few times (1 ms a read): 300 slices are well under a simulated second or two.
    h.drain(300);
    expect(h.steps('a').length).toBeGreaterThan(0);
    expect(h.steps('a').length).toBeLessThan(40);
    expect(Math.abs(h.steps('a').length - h.steps('b').length)).toBeLessThanOrEqual(1);
  });
});
