/**
 * The behaviour every lab island shares, as one hook: runs in the page's shared Worker (created only when the
 * reader reaches for the island), play / pause / step / reset, a speed, the reports received so far, divergence
 * and errors, and the manners — pausing while the island is off-screen or the tab is hidden, resuming after.
 *
 * An island runs one configuration, or two side by side in compare mode: each is a "lane" with its own run in the
 * Worker, played in one lockstep group so that both stand at the same step. A lane that diverges stops on its own;
 * the other keeps going.
 *
 * The drawing budget starts here: reports arrive about 20 times a second per run, but while a run plays the
 * island's state (and so its figure) changes only on the page clock's ticks (page-clock.ts: every playing lab of the
 * page in the same frame, four times a second, once a second for a reader who asked for reduced motion); the first
 * point after Play, a step, a pause, a reset, the end of a run or an error shows at once. The Worker is started in
 * idle time once the island nears the viewport, and a Worker that failed is replaced by the next Play, Step or Reset.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { BackendName } from '../core/backend';
import type { Divergence } from '../core/experiment';
import type { ExperimentId } from '../core/experiments';
import type { TaskView } from '../core/task-view';
import { getLab, mayPrewarm, whenIdle, type RunEvent, type RunHandle } from '../lab/client';
import { REDUCED_INTERVAL_MS, usePrefersReducedMotion } from './kit/motion';
import { offTick, onTick, showNow, TICK_MS } from './kit/page-clock';

/** How far below the viewport an island starts the Worker. */
const PREWARM_MARGIN = '800px 0px';

export interface LabRunOptions {
  maxSteps: number;
  /** 0 = as fast as the Worker can go. */
  stepsPerSecond: number;
  /**
   * Steps to take by themselves after a reset, when not playing — 1 for islands about a network at
   * initialisation, whose first report is the picture.
   */
  stepOnReset?: number;
}

export interface LaneState {
  steps: number;
  playing: boolean;
  /** The step at which this lane stopped being finite; its reports end at the last finite step. */
  divergence: Divergence | null;
  /** This lane reached maxSteps. */
  finished: boolean;
  msPerStep: number | null;
}

export interface LabRunState {
  /** Some lane is training. */
  playing: boolean;
  /** Steps of the furthest lane. */
  steps: number;
  lanes: LaneState[];
  backend: BackendName | null;
  error: string | null;
  /** The Worker failed (to start, or later): the next Play, Step or Reset starts a new one. */
  workerFailed: boolean;
  /** A new Worker is starting after a failure. */
  retrying: boolean;
  /** True once the reader has started, stepped or changed anything: the live figure replaces the static one. */
  live: boolean;
  autoPaused: boolean;
}

const lane = (): LaneState => ({ steps: 0, playing: false, divergence: null, finished: false, msPerStep: null });

/** Every lane has diverged: nothing is left to play or step until a reset. */
export const allDiverged = (s: LabRunState) => s.lanes.every((l) => l.divergence !== null);

export function useLabRun<Config, Report>(
  experiment: ExperimentId,
  configs: readonly Config[],
  options: LabRunOptions,
) {
  const [state, setState] = useState<LabRunState>(() => ({
    playing: false,
    steps: 0,
    lanes: configs.map(lane),
    backend: null,
    error: null,
    workerFailed: false,
    retrying: false,
    live: false,
    autoPaused: false,
  }));
  const [version, setVersion] = useState(0);
  const reports = useRef<Report[][]>(configs.map(() => []));
  /** Each lane's latest picture of its task (see Session.view), or null until its run sends one. */
  const views = useRef<(TaskView | null)[]>(configs.map(() => null));
  const handles = useRef<RunHandle[]>([]);
  const configsRef = useRef<readonly Config[]>(configs);
  const optionsRef = useRef(options);
  const wantPlay = useRef(false);
  const hidden = useRef({ offscreen: false, tab: false });
  const rootRef = useRef<HTMLElement>(null);
  optionsRef.current = options;
  const reduced = useRef(false);
  reduced.current = usePrefersReducedMotion();

  const patch = (p: Partial<LabRunState>) => setState((s) => ({ ...s, ...p }));

  /** Lane numbers from reports not yet shown, and when the state last changed for reports. */
  const held = useRef<{ lanes: Map<number, Partial<LaneState>>; last: number; timer: number | null; shown: number }>({
    lanes: new Map(),
    last: -Infinity,
    timer: null,
    shown: 0,
  });
  /** Show every report received so far: the lanes' step counts and a new figure version. (One function for the
   * island's life: the page clock holds it until its tick.) */
  const commit = useCallback(() => {
    const h = held.current;
    if (h.timer !== null) clearTimeout(h.timer);
    h.timer = null;
    offTick(commit);
    h.last = performance.now();
    const lanes = h.lanes;
    h.lanes = new Map();
    if (lanes.size > 0) {
      h.shown = Math.max(h.shown, ...[...lanes.values()].map((l) => l.steps ?? 0));
      setState((s) => {
        const next = s.lanes.map((l, j) => ({ ...l, ...lanes.get(j) }));
        return { ...s, lanes: next, steps: Math.max(0, ...next.map((l) => l.steps)) };
      });
    }
    setVersion((v) => v + 1);
  }, []);
  /** The step each lane's reports have reached (compare mode: the lanes step in lockstep, one message apart). */
  const reported = useRef<number[]>(configs.map(() => 0));
  /**
   * After new reports: a run the reader is waiting for (its first point, a step taken by hand) is shown at once;
   * a playing one on the page clock's next tick, once its last change is old enough — and while a lane that is
   * still running has not yet reported the step another has, the island waits for it (its message is on its way),
   * so that the figure never shows one configuration a step ahead of the other, or one with reports and one without.
   */
  const commitSoon = () => {
    const h = held.current;
    const steps = reported.current;
    const top = Math.max(0, ...steps);
    const behind = steps.some((n, j) => n < top && !stopped.current[j]);
    // The step taken ahead of the reader (see openRuns) is drawn, hidden, whenever the page has a moment.
    if (!liveNow.current) return onTick(commit);
    if (!behind && (h.shown === 0 || !wantPlay.current)) return showNow(commit);
    const interval = reduced.current ? REDUCED_INTERVAL_MS : TICK_MS;
    // Half a beat of slack: the tick itself falls on the page's beat.
    const wait = interval - TICK_MS / 2 - (performance.now() - h.last);
    if (!behind && wait <= 0) return onTick(commit);
    if (h.timer === null)
      h.timer = window.setTimeout(
        () => {
          h.timer = null;
          onTick(commit);
        },
        Math.max(wait, behind ? interval : 0),
      );
  };
  /** Forget reports that were held for runs which no longer exist. */
  const dropHeld = () => {
    const h = held.current;
    if (h.timer !== null) clearTimeout(h.timer);
    h.timer = null;
    offTick(commit);
    h.lanes = new Map();
    h.shown = 0;
  };
  const patchLane = (i: number, p: Partial<LaneState>) =>
    setState((s) => {
      const lanes = s.lanes.map((l, j) => (j === i ? { ...l, ...p } : l));
      return {
        ...s,
        lanes,
        playing: lanes.some((l) => l.playing),
        steps: Math.max(0, ...lanes.map((l) => l.steps)),
      };
    });

  /** Lanes that diverged (they are neither played nor stepped again) and lanes that stopped by themselves. */
  const diverged = useRef<boolean[]>([]);
  const stopped = useRef<boolean[]>([]);
  /** When every lane has stopped by itself (diverged or finished), the reader's wish to play is fulfilled. */
  const onStop = (i: number) => {
    stopped.current[i] = true;
    if (configsRef.current.every((_, j) => stopped.current[j])) wantPlay.current = false;
  };

  const listener = (i: number) => (event: RunEvent) => {
    // Anything but more reports is news to show at once, with the reports held before it.
    if (event.type !== 'reports' && held.current.lanes.size > 0) showNow(commit);
    switch (event.type) {
      case 'reports':
        reports.current[i]?.push(...(event.reports as Report[]));
        if (event.view) views.current[i] = event.view;
        reported.current[i] = event.steps;
        held.current.lanes.set(i, { msPerStep: event.msPerStep, steps: event.steps });
        commitSoon();
        break;
      case 'state':
        // Only the run's own end clears the reader's wish to play; a 'state' that merely answers an earlier
        // message (create, an auto-pause) may arrive after a newer Play and must not cancel it.
        if (event.finished) {
          patchLane(i, { finished: true });
          onStop(i);
        }
        patchLane(i, { playing: event.playing, steps: event.steps });
        break;
      case 'diverged':
        diverged.current[i] = true;
        patchLane(i, { divergence: event.divergence, playing: false });
        onStop(i);
        break;
      case 'error':
        if (event.workerFailed) {
          // Runs made ahead of need, before the reader touched the island: forget them quietly; the reader's first
          // Play or Step starts a new Worker (and says so if that one fails too).
          if (!liveNow.current) {
            handles.current = [];
            ahead.current = false;
            break;
          }
          // Every lane heard it; the first one puts the island in the state to start afresh.
          if (handles.current.length > 0) {
            handles.current = [];
            wantPlay.current = false;
            setState((s) => ({
              ...s,
              error: event.message,
              workerFailed: true,
              retrying: false,
              backend: null,
              playing: false,
              lanes: s.lanes.map((l) => ({ ...l, playing: false })),
            }));
          }
          break;
        }
        patch({ error: event.message });
        patchLane(i, { playing: false });
        onStop(i);
        break;
    }
  };

  /**
   * A fresh run per lane: a new run id, so events still in flight from the old run go nowhere. Before the reader has
   * touched the island, each run also takes its first step at once, in idle time: its figure is drawn out of sight,
   * and Play or Step then shows step 1 in the very frame the reader asked for it (see `ahead`).
   */
  const openRuns = () => {
    const lab = getLab();
    dropHeld();
    handles.current.forEach((h) => h.dispose());
    ahead.current = !liveNow.current && !(optionsRef.current.stepOnReset ?? 0);
    handles.current = configsRef.current.map((config, i) => {
      const h = lab.open(experiment, listener(i));
      h.create(config);
      if (ahead.current) h.step(1);
      return h;
    });
    diverged.current = configsRef.current.map(() => false);
    stopped.current = configsRef.current.map(() => false);
    reported.current = configsRef.current.map(() => 0);
  };

  const liveNow = useRef(false);
  liveNow.current = state.live;
  /** The runs took their first step before the reader asked for any (see openRuns): the next Play or Step shows it. */
  const ahead = useRef(false);
  /** The reader started, stepped or reset: the live figure replaces the build-time one, from this task on. */
  const goLive = () => {
    liveNow.current = true;
    ahead.current = false;
    patch({ live: true });
  };
  /** The Worker failed and this island has not yet asked for a new one. */
  const failed = useRef(false);
  failed.current = state.workerFailed;

  /** Create the Worker and this island's runs, if not done yet; cheap to call on hover or focus. */
  const warm = useCallback((): RunHandle[] => {
    if (handles.current.length > 0) return handles.current;
    if (failed.current) {
      // The runs died with the old Worker: start again from step 0 on a new one, and say so until it is up.
      failed.current = false;
      reports.current = configsRef.current.map(() => []);
      views.current = configsRef.current.map(() => null);
      setVersion((v) => v + 1);
      setState((s) => ({ ...s, steps: 0, lanes: configsRef.current.map(lane), workerFailed: false, retrying: true }));
    }
    openRuns();
    getLab().backend.then(
      (backend) => patch({ backend, retrying: false, error: null }),
      // The island hears the failure itself (workerFailed), with the same message.
      () => {},
    );
    return handles.current;
  }, [experiment]);

  const startPlaying = () => {
    const { stepsPerSecond, maxSteps } = optionsRef.current;
    const hs = warm();
    const group = hs.length > 1 ? hs[0]!.id : undefined;
    hs.forEach((h, i) => {
      if (diverged.current[i]) return;
      // A finished lane is played again too: the Worker answers that it is finished, which ends the reader's play.
      stopped.current[i] = false;
      h.play({ stepsPerSecond, maxSteps, ...(group ? { group } : {}) });
    });
  };

  const isHidden = () => hidden.current.offscreen || hidden.current.tab;

  const play = useCallback(() => {
    wantPlay.current = true;
    goLive();
    patch({ autoPaused: false });
    // The step taken ahead, if its reports wait for a tick: shown now, with the figure already drawn for it.
    if (held.current.lanes.size > 0) showNow(commit);
    if (!isHidden()) startPlaying();
  }, []);

  const pause = useCallback(() => {
    wantPlay.current = false;
    patch({ autoPaused: false });
    handles.current.forEach((h) => h.pause());
  }, []);

  const step = useCallback((n = 1) => {
    // The first step may have been taken already (see openRuns): then this shows it, and takes only the rest.
    const taken = ahead.current && handles.current.length > 0 ? 1 : 0;
    goLive();
    if (held.current.lanes.size > 0) showNow(commit);
    if (n - taken <= 0) return;
    warm().forEach((h, i) => {
      if (!diverged.current[i]) h.step(n - taken);
    });
  }, []);

  /** Back to step 0, with new configs (one per lane) if given; keeps playing if it was. */
  const reset = useCallback((next?: readonly Config[]) => {
    if (next !== undefined) configsRef.current = next;
    reports.current = configsRef.current.map(() => []);
    views.current = configsRef.current.map(() => null);
    setVersion((v) => v + 1);
    liveNow.current = true;
    setState((s) => ({
      ...s,
      steps: 0,
      playing: false,
      lanes: configsRef.current.map(lane),
      error: null,
      live: true,
    }));
    if (handles.current.length === 0) warm();
    else openRuns();
    if (wantPlay.current && !isHidden()) startPlaying();
    else {
      const n = optionsRef.current.stepOnReset ?? 0;
      if (n > 0) handles.current.forEach((h) => h.step(n));
    }
  }, []);

  /**
   * Take new configs (settings restored from a link) without starting anything and without replacing the
   * build-time figure: runs created ahead of need are created again with them; none are created here.
   */
  const prime = useCallback((next: readonly Config[]) => {
    configsRef.current = next;
    reports.current = next.map(() => []);
    views.current = next.map(() => null);
    setState((s) => ({ ...s, lanes: next.map(lane) }));
    if (handles.current.length > 0) openRuns();
  }, []);

  /** Change a live parameter of one lane (the Worker validates it); the run continues. */
  const setLive = useCallback((laneIndex: number, key: string, value: number, next: readonly Config[]) => {
    configsRef.current = next;
    handles.current[laneIndex]?.set(key, value);
  }, []);

  /** A new speed applies at once to a playing run. */
  const setSpeed = useCallback((stepsPerSecond: number) => {
    optionsRef.current = { ...optionsRef.current, stepsPerSecond };
    if (wantPlay.current && !isHidden() && handles.current.length > 0) startPlaying();
  }, []);

  // Pause while off-screen or in a hidden tab; resume when the reader comes back, if it was playing.
  useEffect(() => {
    const update = () => {
      if (handles.current.length === 0) return;
      if (isHidden()) {
        if (wantPlay.current) {
          handles.current.forEach((h) => h.pause());
          patch({ autoPaused: true });
        }
      } else if (wantPlay.current) {
        patch({ autoPaused: false });
        startPlaying();
      }
    };
    const io = new IntersectionObserver((entries) => {
      hidden.current.offscreen = !entries.some((e) => e.isIntersecting);
      update();
    });
    if (rootRef.current) io.observe(rootRef.current);
    // Near the viewport: start the page's Worker and create this island's runs while the reader is still reading,
    // so that Play costs one step.
    const near = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        near.disconnect();
        if (mayPrewarm()) whenIdle(() => void warm());
      },
      { rootMargin: PREWARM_MARGIN },
    );
    if (rootRef.current) near.observe(rootRef.current);
    const onVisibility = () => {
      hidden.current.tab = document.visibilityState === 'hidden';
      update();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      io.disconnect();
      near.disconnect();
      dropHeld();
      document.removeEventListener('visibilitychange', onVisibility);
      handles.current.forEach((h) => h.dispose());
      handles.current = [];
    };
  }, []);

  /** The reader pressed Play and the run has not stopped by itself since. */
  const wantsToPlay = useCallback(() => wantPlay.current, []);
  /** The live figure has replaced the build-time one (state.live, from the very task that changed it). */
  const isLive = useCallback(() => liveNow.current, []);

  return {
    state,
    version,
    reports,
    views,
    rootRef,
    warm,
    play,
    pause,
    step,
    reset,
    prime,
    setLive,
    setSpeed,
    wantsToPlay,
    isLive,
  };
}

export type LabRun<Config, Report> = ReturnType<typeof useLabRun<Config, Report>>;
