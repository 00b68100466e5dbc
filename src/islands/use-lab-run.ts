/**
 * The behaviour every lab island shares, as one hook: a run in the page's shared Worker (created only when the
 * reader reaches for the island), play / pause / step / reset, the reports received so far, divergence and
 * errors, and the manners — pausing while the island is off-screen or the tab is hidden, resuming after.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { BackendName } from '../core/backend';
import type { Divergence } from '../core/experiment';
import type { ExperimentId } from '../core/experiments';
import { getLab, type RunEvent, type RunHandle } from '../lab/client';

export interface LabRunOptions {
  maxSteps: number;
  /** 0 = as fast as the Worker can go. */
  stepsPerSecond: number;
}

export interface LabRunState {
  playing: boolean;
  steps: number;
  backend: BackendName | null;
  msPerStep: number | null;
  divergence: Divergence | null;
  error: string | null;
  /** True once the reader has started, stepped or changed anything: the live figure replaces the static one. */
  live: boolean;
  autoPaused: boolean;
}

const INITIAL: LabRunState = {
  playing: false,
  steps: 0,
  backend: null,
  msPerStep: null,
  divergence: null,
  error: null,
  live: false,
  autoPaused: false,
};

export function useLabRun<Config, Report>(experiment: ExperimentId, config: Config, options: LabRunOptions) {
  const [state, setState] = useState<LabRunState>(INITIAL);
  const [version, setVersion] = useState(0);
  const reports = useRef<Report[]>([]);
  const handle = useRef<RunHandle | null>(null);
  const configRef = useRef(config);
  const optionsRef = useRef(options);
  const wantPlay = useRef(false);
  const hidden = useRef({ offscreen: false, tab: false });
  const rootRef = useRef<HTMLElement>(null);
  optionsRef.current = options;

  const patch = (p: Partial<LabRunState>) => setState((s) => ({ ...s, ...p }));

  const onEvent = useCallback((event: RunEvent) => {
    switch (event.type) {
      case 'reports':
        reports.current.push(...(event.reports as Report[]));
        patch({ msPerStep: event.msPerStep, steps: event.steps });
        setVersion((v) => v + 1);
        break;
      case 'state':
        // Only the run's own end clears the reader's wish to play; a 'state' that merely answers an earlier
        // message (create, an auto-pause) may arrive after a newer Play and must not cancel it.
        if (event.finished) wantPlay.current = false;
        patch({ playing: event.playing, steps: event.steps });
        break;
      case 'diverged':
        wantPlay.current = false;
        patch({ divergence: event.divergence, playing: false });
        break;
      case 'error':
        wantPlay.current = false;
        patch({ error: event.message, playing: false });
        break;
    }
  }, []);

  /** Create the Worker and this island's run, if not done yet; cheap to call on hover or focus. */
  const warm = useCallback((): RunHandle => {
    if (handle.current) return handle.current;
    const lab = getLab();
    const h = lab.open(experiment, onEvent);
    h.create(configRef.current);
    handle.current = h;
    lab.backend.then(
      (backend) => patch({ backend }),
      (err: Error) => patch({ error: err.message }),
    );
    return h;
  }, [experiment, onEvent]);

  const startPlaying = () => {
    const { stepsPerSecond, maxSteps } = optionsRef.current;
    warm().play({ stepsPerSecond, maxSteps });
  };

  const isHidden = () => hidden.current.offscreen || hidden.current.tab;

  const play = useCallback(() => {
    wantPlay.current = true;
    patch({ live: true, autoPaused: false });
    if (!isHidden()) startPlaying();
  }, []);

  const pause = useCallback(() => {
    wantPlay.current = false;
    patch({ autoPaused: false });
    handle.current?.pause();
  }, []);

  const step = useCallback((n = 1) => {
    patch({ live: true });
    warm().step(n);
  }, []);

  /** Back to step 0, with a new config if given; keeps playing if it was. */
  const reset = useCallback((next?: Config) => {
    if (next !== undefined) configRef.current = next;
    reports.current = [];
    setVersion((v) => v + 1);
    patch({ steps: 0, divergence: null, error: null, msPerStep: null, live: true });
    const h = warm();
    h.create(configRef.current);
    if (wantPlay.current && !isHidden()) startPlaying();
  }, []);

  /** Change a live parameter (the Worker validates it); the run continues. */
  const setLive = useCallback((key: string, value: number, next: Config) => {
    configRef.current = next;
    handle.current?.set(key, value);
  }, []);

  // Pause while off-screen or in a hidden tab; resume when the reader comes back, if it was playing.
  useEffect(() => {
    const update = () => {
      if (!handle.current) return;
      if (isHidden()) {
        if (wantPlay.current) {
          handle.current.pause();
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
    const onVisibility = () => {
      hidden.current.tab = document.visibilityState === 'hidden';
      update();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      io.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
      handle.current?.dispose();
      handle.current = null;
    };
  }, []);

  return { state, version, reports, rootRef, warm, play, pause, step, reset, setLive };
}
