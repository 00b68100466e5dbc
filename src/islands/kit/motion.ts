/**
 * Redrawing at the reader's pace. A live figure is redrawn at most once per animation frame, however many report
 * batches arrived (and a playing lab's state itself changes only on the page clock's ticks, see page-clock.ts and
 * use-lab-run.ts); a reader who asked their system for reduced motion gets a still figure that changes about once
 * a second instead of a running animation (WCAG 2.3.3), and the last state is always drawn.
 *
 * A lab's figure is drawn in the task that changed its state when that task is a tick's frame or something the
 * reader waits for (`drawsHere`): the status line and every panel, new Plot frames included, then change in one task
 * and one rendering update, which the page clock times and paces. Any other redraw (hydration, a title that changed
 * outside a tick) draws a panel per task (`drawTurn`), within the drawing budget all the live figures of a page share.
 */
import type { MutableRef } from 'preact/hooks';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { describeFrame, drawLayer, layerOf } from '../../figures/live-layer';
import type { Panel } from '../../figures/panel';
import { drawsHere } from './page-clock';

/** How often a figure changes for a reader who asked for reduced motion (WCAG 2.3.3). */
export const REDUCED_INTERVAL_MS = 1000;

export function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(false);
  useEffect(() => {
    const mq = matchMedia('(prefers-reduced-motion: reduce)');
    setReduced(mq.matches);
    const on = () => setReduced(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return reduced;
}

/** Call `draw` after any change of `deps` while `active`, coalesced to one call per frame (or per second). */
export function useCoalescedDraw(draw: () => void, deps: readonly unknown[], active: boolean, reduced: boolean): void {
  const frame = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastDraw = useRef(0);
  const drawRef = useRef(draw);
  drawRef.current = draw;
  // A layout effect, so that the frame is asked for in the task that changed the lab's state: the figure's redraw
  // then lands in the same rendering update as the status line (a plain effect runs after that paint, and costs a
  // second frame per report).
  useLayoutEffect(() => {
    if (!active) return;
    // A tick of the page clock, or news the reader waits for: draw in this task, with the rest of the change.
    if (drawsHere()) {
      cancelAnimationFrame(frame.current);
      lastDraw.current = performance.now();
      drawRef.current();
      return;
    }
    if (!reduced) {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(() => {
        lastDraw.current = performance.now();
        drawRef.current();
      });
      return;
    }
    if (timer.current !== null) return;
    const wait = Math.max(0, REDUCED_INTERVAL_MS - (performance.now() - lastDraw.current));
    timer.current = setTimeout(() => {
      timer.current = null;
      lastDraw.current = performance.now();
      drawRef.current();
    }, wait);
  }, [...deps, active, reduced]);
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
}

/**
 * The page's drawing budget. Every live figure on the page draws its panels through `drawTurn`: one panel per task,
 * in the order asked (so the labs of a page take turns), each after the page has had time to itself in proportion
 * to what the last panel cost. Live figures then take at most DRAW_SHARE of the main thread's script time — and
 * about as much again in the browser's style, layout and paint of what they drew (measured: a panel's rendering
 * costs about what its script does) — so on a slow device, or with several labs playing, they redraw less often
 * instead of making the page lag.
 */
const DRAW_SHARE = 0.1;

interface Turn {
  run(): void;
  /** Still waiting for the budget: false once its lab stopped playing (the reader is waiting for this one). */
  paced(): boolean;
}
const waiting: Turn[] = [];
let freeAt = 0;
let pumping: ReturnType<typeof setTimeout> | null = null;

const pump = () => {
  pumping = null;
  // A turn whose lab no longer plays (a pause, a step, a reset) goes first, whatever the budget says.
  const urgent = waiting.findIndex((turn) => !turn.paced());
  if (urgent >= 0) waiting.splice(urgent, 1)[0]!.run();
  else {
    const wait = freeAt - performance.now();
    if (wait > 0) {
      pumping = setTimeout(pump, wait);
      return;
    }
    waiting.shift()?.run();
  }
  if (waiting.length > 0 && pumping === null) pumping = setTimeout(pump, 0);
};

/** Look at the waiting turns again now (a lab stopped playing: its turns no longer wait for the budget). */
const poke = () => {
  if (pumping !== null) clearTimeout(pumping);
  pumping = setTimeout(pump, 0);
};

/** Run `draw` (true if it drew something), timed: what it cost pushes back the next paced turn. */
function timed(draw: () => boolean): void {
  const start = performance.now();
  if (draw()) {
    const end = performance.now();
    freeAt = Math.max(freeAt, end + (end - start) * (1 / DRAW_SHARE - 1));
  }
}

/** The budget would let a paced turn run now. */
const budgetFree = () => performance.now() >= freeAt;

/**
 * Run `draw` in a task of its own, in its turn; resolves after it ran. While `paced()` (its lab is playing) the turn
 * waits for the budget; otherwise (a step, a pause, a reset, a new setting: the reader is waiting for it) it runs in
 * the next task. With `now`, and no other turn waiting, it runs at once instead, in the caller's task.
 */
function drawTurn(draw: () => boolean, paced: () => boolean, now = false): Promise<void> {
  // The figure then changes in the same rendering update as the lab's status line (one frame per redraw, not one
  // per panel).
  if (now && waiting.length === 0) {
    timed(draw);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    waiting.push({
      paced,
      run: () => {
        try {
          timed(draw);
        } finally {
          resolve();
        }
      },
    });
    if (pumping === null) pumping = setTimeout(pump, 0);
  });
}

/**
 * A User Timing entry for a profile or the page bench. The browser keeps every entry until the page clears them, and a
 * lab playing for an hour would leave tens of thousands: every few thousand, the island clears its own.
 */
const MAX_MEASURES = 4000;
const measured = new Set<string>();
let measures = 0;
function measure(name: string, start: number): void {
  performance.measure(name, { start });
  measured.add(name);
  if (++measures < MAX_MEASURES) return;
  for (const n of measured) performance.clearMeasures(n);
  measured.clear();
  measures = 0;
}

export interface LivePanels {
  /**
   * Titles and lazy figures of every panel, from the lanes as they are now (cheap: no figure is drawn yet); null
   * when there is nothing to draw yet, and the panels stay as they are.
   */
  build(): Record<string, Panel> | null;
  keys: readonly string[];
  /** Where each panel's figure goes. */
  containers: MutableRef<Record<string, HTMLElement | null>>;
  /** The titles of the panels being drawn, set before their figures. */
  onTitles(titles: Record<string, string>): void;
}

/**
 * Draw a live figure's panels after any change of `deps` while `active`: all in the current task on a tick of the page
 * clock (see `drawsHere`), else one panel per task, within the page's drawing budget. A change that arrives during a
 * paced pass is drawn by one more pass after it, so every pass completes and a slow device simply redraws less often.
 * Returns `drawNow`, which draws every panel at once (for an export that needs the figure as it is).
 */
export function useLivePanels(
  panels: LivePanels,
  deps: readonly unknown[],
  active: boolean,
  reduced: boolean,
  /** The lab is playing: its redraws wait for their turn in the page's drawing budget. */
  paced: () => boolean,
) {
  const ref = useRef(panels);
  ref.current = panels;
  const state = useRef({ running: false, again: false, disposed: false, generation: 0 });
  /** The key each keyed panel was last drawn with (see Panel.key). */
  const drawnKeys = useRef<Record<string, string>>({});
  /** The frame key of each live panel's frame now shown (see Panel.live). */
  const frameKeys = useRef<Record<string, string>>({});
  const shownTitles = useRef('');

  /** The data layer of the frame shown for panel `key`, if that frame is `live`'s current one; else null. */
  const shownLayer = (key: string, live: NonNullable<Panel['live']>): SVGGElement | null => {
    const shown = ref.current.containers.current[key]?.firstElementChild;
    return shown && frameKeys.current[key] === live.frameKey ? layerOf(shown) : null;
  };

  /** A keyed panel drawn with the same key: drawOne leaves it as it is. */
  const unchanged = (key: string, panel: Panel): boolean =>
    panel.key !== undefined &&
    drawnKeys.current[key] === panel.key &&
    !!ref.current.containers.current[key]?.firstChild;

  /** Draw one panel, except a keyed one whose key has not changed (unless `force`); true if it drew something. */
  const drawOne = (key: string, panel: Panel | undefined, force = false): boolean => {
    const container = ref.current.containers.current[key];
    if (!panel || !container) return false;
    if (!force && unchanged(key, panel)) return false;
    const start = performance.now();
    const live = force ? undefined : panel.live;
    if (live) {
      // The frame stays while its key does; only the data layer is written, in place.
      const layer = shownLayer(key, live);
      if (layer) {
        drawLayer(layer, live.data);
        describeFrame(container.firstElementChild!, live);
      } else {
        const frame = live.frame;
        const fresh = layerOf(frame);
        if (fresh) drawLayer(fresh, live.data);
        container.replaceChildren(frame);
        frameKeys.current[key] = live.frameKey;
        // A new frame is the expensive redraw: name it apart, so a profile can count them.
        measure(`vg-frame ${key}`, start);
      }
    } else {
      container.replaceChildren(panel.figure);
      delete frameKeys.current[key];
    }
    // A User Timing entry per panel drawn, so a profile (or `npm run bench -- --page`) can say what each costs.
    measure(`vg-draw ${key}`, start);
    if (panel.key !== undefined) drawnKeys.current[key] = panel.key;
    else delete drawnKeys.current[key];
    return true;
  };

  /** A live panel whose frame is shown and current: redrawing it only writes its data layer (cheap). */
  const inPlace = (key: string, panel: Panel | undefined): boolean => {
    const live = panel?.live;
    return !!live && shownLayer(key, live) !== null;
  };

  /** Panels built once per pass: a live panel's `live` getter computes its data, so read it once. */
  const memo = (built: Record<string, Panel>): Record<string, Panel> =>
    Object.fromEntries(
      Object.entries(built).map(([k, p]) => {
        let live: Panel['live'] | null = null;
        return [
          k,
          {
            title: p.title,
            key: p.key,
            get figure() {
              return p.figure;
            },
            get live() {
              if (live === null) live = p.live;
              return live;
            },
          } as Panel,
        ];
      }),
    );

  /** Build the panels and bring the island's titles up to date; null when there is nothing to draw yet. */
  const prepare = (): Record<string, Panel> | null => {
    const { build, keys, onTitles } = ref.current;
    const first = build();
    if (!first) return null;
    const built = memo(first);
    const titles = Object.fromEntries(keys.flatMap((k) => (built[k] ? [[k, built[k].title]] : [])));
    // Only a change of title re-renders the island around the figure.
    const titleKey = JSON.stringify(titles);
    if (titleKey !== shownTitles.current) {
      shownTitles.current = titleKey;
      onTitles(titles);
    }
    return built;
  };

  const pass = async () => {
    const s = state.current;
    // In a tick of the page clock (or for news the reader waits for), every panel is drawn in this task: the page
    // then renders the lab once, in the tick's own frame, and the clock, which times the whole tick up to its paint,
    // slows its beat where that costs more than its share. (Split into a task per panel, one tick became four or five
    // tasks — the frame, each new Plot frame, a rendering update after each — and every one of them a moment in
    // which the page could not answer the reader.) A paced pass still under way is superseded: it stops at its next
    // turn. (Left to run, it took every later tick's redraw into its own tasks, for as long as the lab played.)
    //
    // Except new frames (an axis that grew to its next scale, a first figure): each costs 20–30 ms on a 2-core laptop,
    // and three in one tick made a 100 ms long task every time a growing step axis changed scale — every second or
    // two of a fast lab. The tick draws the first of them with the rest; the others follow, each in a task of its own
    // right after it (not held back by the budget: the panels catch up within a frame or two).
    if (drawsHere()) {
      s.generation++;
      s.again = false;
      const built = prepare();
      if (!built) return;
      const { keys } = ref.current;
      const later = keys.filter((k) => built[k] && !inPlace(k, built[k]) && !unchanged(k, built[k])).slice(1);
      timed(() => keys.map((k) => !later.includes(k) && drawOne(k, built[k])).some(Boolean));
      const generation = s.generation;
      for (const key of later)
        void drawTurn(
          () => !s.disposed && s.generation === generation && drawOne(key, built[key]),
          () => false,
        );
      return;
    }
    if (s.running) {
      s.again = true;
      poke();
      return;
    }
    s.running = true;
    const generation = s.generation;
    const current = () => !s.disposed && s.generation === generation;
    try {
      let pending = false;
      do {
        s.again = false;
        pending = false;
        const first = prepare();
        if (!first) break;
        let built = first;
        const { keys } = ref.current;
        // Newer reports arrived while this pass waited its turn: the panels still to draw show them.
        const refresh = () => {
          if (!s.again) return;
          const again = ref.current.build();
          if (again) built = memo(again);
          s.again = false;
          pending = true;
        };
        // Panels that only need their data layer written are drawn together, in one task (in this animation frame
        // when the budget allows); a panel that needs a new frame (or has none) gets a task of its own.
        const cheap = keys.filter((k) => inPlace(k, built[k]));
        if (cheap.length)
          await drawTurn(
            () => {
              if (!current()) return false;
              refresh();
              return cheap.map((k) => drawOne(k, built[k])).some(Boolean);
            },
            paced,
            budgetFree(),
          );
        for (const key of keys.filter((k) => !cheap.includes(k))) {
          await drawTurn(() => {
            if (!current()) return false;
            refresh();
            return drawOne(key, built[key]);
          }, paced);
        }
        if (!current()) return;
        // Panels drawn before the newer reports came get one more pass, with titles to match.
      } while (s.again || pending);
    } finally {
      s.running = false;
    }
  };

  useCoalescedDraw(() => void pass(), deps, active, reduced);
  useEffect(
    () => () => {
      state.current.disposed = true;
    },
    [],
  );

  return {
    drawNow() {
      const { build, keys } = ref.current;
      const built = build();
      if (built) for (const key of keys) drawOne(key, built[key], true);
    },
  };
}
