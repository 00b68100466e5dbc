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
