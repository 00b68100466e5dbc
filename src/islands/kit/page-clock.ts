/**
 * The page's clock for live labs. While labs play, their new reports are shown on its ticks: every lab with reports
 * to show commits them in the same animation frame, on a beat of TICK_MS (slower where ticks cost more than their
 * share of the main thread, TICK_SHARE), and draws its figure in that frame too. However many labs play, the page
 * then renders once per tick — its status lines, step counters and figures together — and between two ticks the
 * main thread is the reader's.
 *
 * What the reader is waiting for (the first point after Play, a step, a pause, a reset, a divergence) is not paced:
 * `showNow` shows it in the task it arrived in, figure included, so it is on screen at the very next frame.
 *
 * `drawsHere()` says whether a figure asked to redraw may draw at once, in the current task (a tick's frame, or a
 * `showNow`), rather than in an animation frame of its own.
 */

/** At most four ticks a second: enough to watch a curve grow, few enough frames to leave the page its time. */
export const TICK_MS = 250;
/**
 * The share of the page's main thread the ticks may take, their rendering included. A tick costs what its labs'
 * figures and the page's rendering cost on this device; where that is more than TICK_SHARE × TICK_MS, the clock
 * beats more slowly (every second beat, every third…) instead of making the page lag: a fast device redraws four
 * times a second, a slow one less often.
 */
export const TICK_SHARE = 0.05;

const due = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
let frame = 0;
/** What a tick has cost lately (ms, an exponential average), and the earliest time of the next one. */
let cost = 0;
let earliest = 0;
let here = false;
let closing = false;

/** Run `fn` in a task after the current one (and after its rendering, when the current task is a frame's). */
function afterTask(fn: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    fn();
  };
  channel.port2.postMessage(0);
}

/** Keep `drawsHere()` true until the end of the current task. */
function openHere(): void {
  here = true;
  if (closing) return;
  closing = true;
  afterTask(() => {
    here = false;
    closing = false;
  });
}

/** Time what the tick costs, up to the task after its frame (so its style, layout, paint and commit count). */
function timeTick(start: number): void {
  afterTask(() => {
    const took = performance.now() - start;
    cost = cost === 0 ? took : 0.7 * cost + 0.3 * took;
    earliest = start + Math.max(TICK_MS, cost / TICK_SHARE);
  });
}

function tick(): void {
  frame = 0;
  if (due.size === 0) return;
  timeTick(performance.now());
  openHere();
  const commits = [...due];
  due.clear();
  for (const commit of commits) commit();
}

/**
 * Run `commit` on the next tick: in the first animation frame after the next multiple of TICK_MS on the page's
 * clock (and no sooner than the budget allows), so that labs which ask within the same beat share one frame. Asking
 * again before the tick is harmless.
 */
export function onTick(commit: () => void): void {
  due.add(commit);
  if (timer !== null || frame !== 0) return;
  const now = performance.now();
  const wait = Math.ceil(Math.max(now, earliest) / TICK_MS) * TICK_MS - now;
  timer = setTimeout(() => {
    timer = null;
    frame = requestAnimationFrame(tick);
  }, wait);
}

/** Forget a commit asked for (its lab was reset, or is going away). */
export function offTick(commit: () => void): void {
  due.delete(commit);
}

/** Run `fn` (a commit the reader is waiting for) now, and let the figures it changes draw in this same task. */
export function showNow(fn: () => void): void {
  due.delete(fn);
  openHere();
  fn();
}

/** Whether a figure may draw in the current task: inside a tick's frame, or after a `showNow`. */
export const drawsHere = (): boolean => here;

/** The time between two ticks now: TICK_MS, or longer where ticks cost more than their share (for tests, and the bench). */
export const beat = (): number => Math.max(TICK_MS, cost / TICK_SHARE);
