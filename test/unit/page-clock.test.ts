/**
 * The page clock (src/islands/kit/page-clock.ts): playing labs show their reports on a shared beat, in one animation
 * frame, and what the reader waits for is shown in the task it arrives in.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Animation frames as a list the test runs by hand, like a browser's next rendering update. */
let frames: (() => void)[] = [];
const runFrame = () => {
  const due = frames;
  frames = [];
  for (const f of due) f();
};
/** After a message posted now has been delivered (messages are delivered in the order they were posted). */
const afterMessage = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
/** A message task: runs after the current task (and after its microtasks). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', () => {});
  vi.resetModules();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the page clock', () => {
  it('shows the commits asked for within one beat in one animation frame, on the beat', async () => {
    const { onTick, TICK_MS } = await import('../../src/islands/kit/page-clock');
    vi.advanceTimersByTime(TICK_MS + 10);
    const seen: string[] = [];
    onTick(() => seen.push('a'));
    vi.advanceTimersByTime(100);
    onTick(() => seen.push('b'));
    const c = () => seen.push('c');
    onTick(c);
    onTick(c);
    // Nothing before the beat: no frame asked for yet.
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(TICK_MS - 110);
    expect(frames).toHaveLength(1);
    expect(seen).toEqual([]);
    runFrame();
    // Every lab's commit in the same frame, each once.
    expect(seen).toEqual(['a', 'b', 'c']);
    // A commit asked for later waits for the next beat.
    vi.advanceTimersByTime(1);
    onTick(() => seen.push('d'));
    vi.advanceTimersByTime(TICK_MS - 2);
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(1);
    runFrame();
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  it('forgets a commit taken back, and runs a commit shown now only once', async () => {
    const { offTick, onTick, showNow, TICK_MS } = await import('../../src/islands/kit/page-clock');
    let n = 0;
    const commit = () => n++;
    onTick(commit);
    offTick(commit);
    vi.advanceTimersByTime(TICK_MS);
    runFrame();
    expect(n).toBe(0);
    onTick(commit);
    showNow(commit);
    expect(n).toBe(1);
    vi.advanceTimersByTime(TICK_MS);
    runFrame();
    expect(n).toBe(1);
  });

  it('beats more slowly where a tick costs more than its share of the main thread', async () => {
    const { beat, onTick, TICK_MS, TICK_SHARE } = await import('../../src/islands/kit/page-clock');
    const cheap = TICK_MS * TICK_SHARE * 0.5;
    const dear = TICK_MS * TICK_SHARE * 4;
    /** One tick whose commit (and the frame after it) takes `ms`; returns when its cost has been taken. */
    const tickTaking = async (ms: number) => {
      onTick(() => vi.advanceTimersByTime(ms));
      vi.advanceTimersByTime(beat());
      runFrame();
      // The clock times a tick up to a message it posts after it: let that message (and only it) arrive first.
      for (let i = 0; i < 3; i++) await afterMessage();
    };
    await tickTaking(cheap);
    expect(beat()).toBe(TICK_MS);
    for (let i = 0; i < 8; i++) await tickTaking(dear);
    // The average cost approaches `dear`: the beat stretches so that ticks keep to their share.
    expect(beat()).toBeGreaterThan(3 * TICK_MS);
    expect(beat()).toBeLessThanOrEqual(4 * TICK_MS + 1);
    // The next tick waits that long after the last one began, on the page's beat.
    let ran = false;
    onTick(() => (ran = true));
    vi.advanceTimersByTime(2 * TICK_MS);
    runFrame();
    expect(ran).toBe(false);
    vi.advanceTimersByTime(3 * TICK_MS);
    runFrame();
    expect(ran).toBe(true);
  });

  it('lets figures draw in the task of a tick or of news the reader waits for, and only there', async () => {
    vi.useRealTimers();
    const { drawsHere, onTick, showNow } = await import('../../src/islands/kit/page-clock');
    expect(drawsHere()).toBe(false);
    let during = false;
    let inMicrotask = false;
    showNow(() => {
      during = drawsHere();
      // Preact renders (and runs layout effects) in a microtask of the same task.
      queueMicrotask(() => (inMicrotask = drawsHere()));
    });
    await Promise.resolve();
    expect([during, inMicrotask]).toEqual([true, true]);
    await nextTask();
    await nextTask();
    expect(drawsHere()).toBe(false);
    let inTick = false;
    onTick(() => (inTick = drawsHere()));
    await vi.waitFor(() => expect(frames.length).toBe(1), { timeout: 1000, interval: 5 });
    runFrame();
    expect(inTick).toBe(true);
    await nextTask();
    await nextTask();
    expect(drawsHere()).toBe(false);
  });
});
