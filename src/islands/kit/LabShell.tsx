/**
 * The frame every experiment island shares: the island's own settings (passed in as `fields`), the transport
 * (play / pause, step, reset), speed, seed, compare mode, export and the lab's link, a status line (the run's
 * technical details behind a disclosure), divergence and error alerts, and the figure — the build-time one (the
 * island's children) until the reader starts, then the live panels, drawn by the island's `draw` from every lane's
 * reports. An island is its fields, its figure and a few lines.
 *
 * The lab says what state it is in rather than leave the reader to guess: a comparison names what sets A and B
 * apart; after a change that restarts the run the last figure stays, dimmed, until Play runs the new settings (never
 * empty axes); a run that reached its last step says so, and Play then starts it over.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Panel } from '../../figures/panel';
import type { translator } from '../../i18n';
import { allDiverged } from '../use-lab-run';
import { CopyLink } from './CopyLink';
import { ExportMenu, type ExportKind } from './ExportMenu';
import { exportFilename, traceCsv, traceJson, type ExportLane } from './export';
import { bindFields, CheckboxField, descriptionId, LiveTag, NumberField, SelectField } from './fields';
import { fingerprint, type StaticPrint } from './fingerprint';
import { useLivePanels, usePrefersReducedMotion } from './motion';
import type { TaskView } from '../../core/task-view';
import type { Locale } from '../../i18n';
import { compareLines, SETTING_WORDS } from './setting-words';
import { labLink } from './url-state';
import { LANE_LABELS, SPEEDS, type Lab, type LabIslandProps } from './use-lab';

export interface DrawLane<C, R> {
  /** "A" or "B" when comparing, "" otherwise. */
  label: string;
  config: C;
  reports: readonly R[];
  /** What the lane's model makes of its task at its latest view (experiments that give one), else null. */
  view: TaskView | null;
}

export interface LabShellProps<C extends { seed: number } & Record<string, unknown>, R> {
  lab: Lab<C, R>;
  t: ReturnType<typeof translator>;
  /** The component's name in file names and exported JSON ("gradient-trace"). */
  component: string;
  /** The island's own settings, for the lane being edited. */
  fields: ComponentChildren;
  /** The live panels, in order: their keys and how to draw them from the lanes. */
  panelKeys: readonly string[];
  draw(lanes: DrawLane<C, R>[]): Record<string, Panel>;
  /** One sentence on the last step (after the figure). */
  summary?(lanes: DrawLane<C, R>[]): string | null;
  /** A few words naming a configuration, for file names ("relu-depth30"). */
  fileTag(config: C): string;
  /** Steps of the build-time runs, and their last reports' prints (one per lane of the author's configuration). */
  staticSteps: number;
  staticPrints: (StaticPrint | null)[];
  /** Extra status (a loss value) while live. */
  status?(lanes: DrawLane<C, R>[]): ComponentChildren;
  /** The build-time figure. */
  children?: ComponentChildren;
}

/**
 * The props every lab island receives from its .astro component: the author's configurations, the reader's
 * language, the build-time run it draws before any script (its steps and its last reports' prints), and that
 * figure as children.
 */
export interface LabComponentProps<C> extends LabIslandProps<C> {
  locale: Locale;
  staticSteps: number;
  staticPrints: (StaticPrint | null)[];
  children?: ComponentChildren;
}

const MAX_SEED = 2 ** 31 - 1;

export function LabShell<C extends { seed: number } & Record<string, unknown>, R>(props: LabShellProps<C, R>) {
  const { lab, t } = props;
  const { run } = lab;
  const { state } = run;
  const id = (name: string) => `${lab.uid}-${name}`;
  const reduced = usePrefersReducedMotion();
  const panelRefs = useRef<Record<string, HTMLElement | null>>({});
  const liveRef = useRef<HTMLDivElement>(null);
  const staticRef = useRef<HTMLDivElement>(null);
  const [titles, setTitles] = useState<Record<string, string>>({});
  /** The configurations of the live figure now drawn (JSON), to tell a reset from new settings. */
  const drawnConfigs = useRef<string | null>(null);

  const lanes = (): DrawLane<C, R>[] =>
    lab.configs.map((config, i) => ({
      label: lab.compare ? LANE_LABELS[i]! : '',
      config,
      reports: run.reports.current[i] ?? [],
      view: run.views.current[i] ?? null,
    }));

  const { drawNow } = useLivePanels(
    {
      // A copy of each lane's reports: the panels drawn in later tasks show the same steps as the first. Never
      // empty axes: until a new run reports its first step, the panels keep the figure they show (dimmed while
      // the run waits for Play, see `waiting`).
      build: () => {
        const ls = lanes();
        if (ls.every((l) => l.reports.length === 0) && !allDiverged(run.state)) return null;
        drawnConfigs.current = JSON.stringify(lab.configs);
        return props.draw(ls.map((l) => ({ ...l, reports: l.reports.slice() })));
      },
      keys: props.panelKeys,
      containers: panelRefs,
      onTitles: setTitles,
    },
    [run.version, lab.configs, t],
    // Live, or holding the step taken ahead of the reader (use-lab-run.ts): drawn out of sight, ready for Play.
    state.live || state.steps > 0,
    reduced,
    () => run.wantsToPlay(),
  );

  // The live run passes the step the static figure shows: with unchanged settings it must have computed the very
  // same numbers (same seed, same kernels), and saying so is the quickest proof that the figure is a real run.
  const reproduced = lab.configs.map((config, i) => {
    const print = props.staticPrints[i];
    const replayed = print ? run.reports.current[i]?.[print.step - 1] : undefined;
    if (!print || !replayed || JSON.stringify(config) !== JSON.stringify(lab.initial[i])) return null;
    return fingerprint(replayed) === print.print;
  });
  const shownReproduced = reproduced.filter((r) => r !== null);
  const firstPrint = props.staticPrints.find(Boolean);

  const disabled = !lab.hydrated;
  const noReports = lab.configs.every((_, i) => (run.reports.current[i]?.length ?? 0) === 0);
  // A step taken ahead of the reader that diverged is news only once the reader plays or steps.
  const nothingToPlot = state.live && allDiverged(state) && noReports;
  const blocked = state.live && allDiverged(state);
  const playing = state.playing || state.autoPaused;
  /** The live panels have been drawn (their titles come first); until then the build-time figure stays. */
  const liveDrawn = Object.keys(titles).length > 0;
  /**
   * At step 0 of a run that waits for Play (a change restarted it, or Reset): the figure shown is the previous run's,
   * dimmed. Not for an island that steps by itself after a reset: its new picture comes at once.
   */
  const waiting =
    state.live &&
    noReports &&
    !run.wantsToPlay() &&
    !state.playing &&
    !state.error &&
    !state.retrying &&
    state.lanes.every((l) => !l.divergence && !l.finished) &&
    !(lab.spec.stepOnReset ?? 0);
  /**
   * The live panels take the build-time figure's place once there is something of the run to draw (its first report;
   * the panels follow within a frame or two), or once they have been drawn: never empty axes in between.
   */
  const showsLive = state.live && !nothingToPlot && (liveDrawn || !noReports);
  const showsStatic = !showsLive && !nothingToPlot;
  const sameAsShown = JSON.stringify(lab.configs) === (liveDrawn ? drawnConfigs.current : JSON.stringify(lab.initial));
  /** Every lane stopped by itself and one reached the last step: Play starts the run over. */
  const finished = state.lanes.filter((l) => l.finished);
  const ended = state.live && !playing && finished.length > 0 && state.lanes.every((l) => l.finished || l.divergence);
  const endedSteps = Math.max(0, ...finished.map((l) => l.steps));
  const current = lab.current;
  const msPerStep = state.lanes.reduce((s, l) => s + (l.msPerStep ?? 0), 0);
  const tags = lab.configs.map(props.fileTag);

  const exportLanes = (): ExportLane[] =>
    lanes().map((l, i) => ({
      label: LANE_LABELS[i]!,
      config: l.config,
      reports: l.reports as readonly object[],
      divergence: state.lanes[i]?.divergence ?? null,
    }));
  const exportSource = {
    filename: (kind: ExportKind) =>
      exportFilename(props.component, tags, state.live ? state.steps : props.staticSteps, kind, [
        `seed${current.seed}`,
      ]),
    csv: () => traceCsv(exportLanes()),
    json: () => traceJson(props.component, exportLanes(), { divergence: state.lanes.map((l) => l.divergence) }),
    figure: () => {
      if (showsStatic) return staticRef.current?.querySelector('.vg-panels') ?? null;
      // Panels are redrawn one task at a time: export them all as they are now.
      drawNow();
      return liveRef.current;
    },
  };
  // Before the reader starts, the trace to export is the build-time run, which the page does not carry; a run at step 0
  // has none yet (one that overflowed at step 1 has that step to tell).
  const hasTrace = state.live && (!noReports || state.lanes.some((l) => l.divergence));
  const source = hasTrace ? exportSource : { filename: exportSource.filename, figure: exportSource.figure };

  const onPlay = () => {
    if (ended) {
      run.reset();
      run.play();
    } else if (playing) run.pause();
    else run.play();
  };
  const words = lab.spec.words ? { ...SETTING_WORDS, ...lab.spec.words } : SETTING_WORDS;

  // What A and B are, and the settings that edit them: they change only with the settings (and the language), so the
  // same vnodes are kept between renders and Preact skips them — the island re-renders at every tick of a playing
  // run, and on Play itself, where only the transport and the status change. (Their handlers read the run's state
  // through refs, never from this render; see use-lab.ts's `change`.)
  const settings = useMemo(
    () => (
      <>
        {lab.compare && (
          <p class="vg-lab__versus" data-testid="compare-line">
            {compareLines(t, [lab.configs[0]!, lab.configs[1]!], lab.spec.keys, words).map((line, i, all) =>
              all.length > 1 ? (
                <span class={`vg-versus__lane vg-lane--${i === 0 ? 'a' : 'b'}`} key={i}>
                  {line}
                </span>
              ) : (
                line
              ),
            )}
          </p>
        )}
        <div class="vg-lab__controls" role="group" aria-label={t('lab.controls')}>
          {lab.compare && (
            <fieldset class="vg-lanes">
              <legend>{t('lab.editing')}</legend>
              {LANE_LABELS.map((label, i) => (
                <label key={label} class={`vg-lanes__option vg-lane--${label.toLowerCase()}`}>
                  <input
                    type="radio"
                    name={id('lane')}
                    value={label}
                    checked={lab.editing === i}
                    disabled={disabled}
                    aria-label={t('lab.editLane', { lane: label })}
                    onChange={() => lab.setEditing(i)}
                  />
                  {label}
                </label>
              ))}
            </fieldset>
          )}
          <LiveTag.Provider value={t('lab.liveTag')}>{props.fields}</LiveTag.Provider>
          <p class="vg-hint vg-lab__restarts">{t('lab.restartsNote')}</p>
          {/* What the controls' aria-describedby points to (see bindFields); read with the control, not shown. */}
          <span id={descriptionId(lab.uid, false)} hidden>
            {t('lab.restartsDesc')}
          </span>
          <span id={descriptionId(lab.uid, true)} hidden>
            {t('lab.liveDesc')}
          </span>
        </div>
      </>
    ),
    [lab.configs, lab.editing, lab.hydrated, t],
  );

  // A link to this lab marked data-vg-run (a <Predict>'s "now run it") also starts its run: the link scrolls the lab
  // into view, and Play is pressed for the reader, unless it already plays or cannot.
  const onRunLink = useRef<() => void>(() => {});
  onRunLink.current = () => {
    if (!lab.hydrated || playing || blocked) return;
    onPlay();
  };
  useEffect(() => {
    const listener = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[data-vg-run]');
      if (link?.getAttribute('data-vg-run') === lab.uid) onRunLink.current();
    };
    document.addEventListener('click', listener);
    return () => document.removeEventListener('click', listener);
  }, [lab.uid]);

  return (
    <div
      class="vg-lab"
      ref={run.rootRef as never}
      onPointerEnter={run.warm}
      onFocusIn={run.warm}
      data-live={state.live ? '' : undefined}
      data-compare={lab.compare ? '' : undefined}
      data-waiting={waiting ? '' : undefined}
      // The step taken ahead of the reader is drawn, out of sight: Play shows it at once.
      data-ahead={!state.live && liveDrawn ? '' : undefined}
    >
      {settings}
      <div class="vg-lab__controls vg-lab__transport" role="group" aria-label={t('lab.transport')}>
        <div class="vg-buttons">
          <button
            type="button"
            class="vg-button vg-button--primary"
            data-action="play"
            disabled={disabled || blocked}
            aria-pressed={playing}
            onClick={onPlay}
          >
            {playing ? t('lab.pause') : ended ? t('lab.playAgain') : t('lab.play')}
          </button>
          <button
            type="button"
            class="vg-button"
            data-action="step"
            title={t('lab.stepTitle')}
            disabled={disabled || state.playing || blocked || ended}
            onClick={() => run.step(1)}
          >
            {t('lab.step')}
          </button>
          <button
            type="button"
            class="vg-button"
            data-action="reset"
            title={t('lab.resetTitle')}
            disabled={disabled}
            onClick={() => run.reset()}
          >
            {t('lab.reset')}
          </button>
        </div>
        <SelectField
          id={id('speed')}
          label={t('lab.speed')}
          value={lab.speed}
          disabled={disabled}
          options={SPEEDS.map((s) => ({
            value: s as number,
            label: s === 0 ? t('lab.speed.max') : t('lab.speed.value', { n: s }),
          }))}
          onChange={lab.setSpeed}
        />
        <NumberField
          {...bindFields<{ seed: number }>(lab)('seed')}
          label={t('lab.seed')}
          hint={t('lab.seedHint')}
          min={0}
          max={MAX_SEED}
          step={1}
          integer
        />
        <CheckboxField
          id={id('compare')}
          label={t('lab.compare')}
          value={lab.compare}
          disabled={disabled}
          describedBy={descriptionId(lab.uid, false)}
          onChange={lab.setCompare}
        />
        {/* not-content: Starlight's Markdown styles would space the two apart. */}
        <div class="vg-lab__share not-content">
          {/* While a run waits for Play there is nothing of its settings to export: the figure is the last run's. */}
          <ExportMenu t={t} source={source} disabled={disabled || waiting} />
          <CopyLink t={t} id={lab.uid} disabled={disabled} link={() => labLink(location.href, lab.uid)} />
        </div>
      </div>

      <div class="vg-lab__status not-content">
        {/* Said to a screen reader when it changes — but not four times a second while the run plays: the step and
            the loss then change on every tick, and a polite region would queue them without end. Play's pressed
            state says that the run goes on; a step, a pause or the end of the run is said again. */}
        <p aria-live={state.playing ? 'off' : 'polite'} data-testid="lab-status">
          {state.live ? (
            <>
              <span data-testid="step-count">{t('lab.stepCount', { step: state.steps })}</span>
              {props.status?.(lanes())}
              {!state.backend && <span>{t('lab.loading')}</span>}
              {state.autoPaused && <span>{t('lab.autoPaused')}</span>}
              {reduced && <span>{t('lab.reducedMotion')}</span>}
            </>
          ) : (
            <span>{t('lab.staticStep', { steps: props.staticSteps })}</span>
          )}
        </p>
        {/* What a learner need not read: how the figure was computed, and how fast. (not-content above: Starlight's
            Markdown styles would frame a chapter's <details>.) */}
        <details class="vg-lab__details">
          <summary>{t('lab.details')}</summary>
          <p>
            <span>{t('lab.static', { steps: props.staticSteps, seed: lab.initial[0]!.seed })}</span>
            {shownReproduced.length > 0 && firstPrint && (
              <span data-testid="reproduced" data-reproduced={String(shownReproduced.every(Boolean))}>
                {t(shownReproduced.every(Boolean) ? 'lab.reproduced' : 'lab.notReproduced', { step: firstPrint.step })}
              </span>
            )}
            {state.live && state.backend && (
              <span data-testid="backend" data-backend={state.backend}>
                {t('lab.backend', { backend: t(`lab.backend.${state.backend}`) })}
              </span>
            )}
            {state.live && msPerStep > 0 && (
              <span data-testid="ms-per-step">{t('lab.msPerStep', { ms: msPerStep.toFixed(1) })}</span>
            )}
          </p>
        </details>
      </div>

      {lab.restored && !state.live && (
        <p class="vg-lab__note" data-testid="restored">
          {t('lab.restored')}
        </p>
      )}
      {/* Plain text with the link's values shortened (url-state.ts): a text node, never markup. */}
      {lab.linkNote(t) !== null && (
        <p class="vg-lab__note" data-testid="link-note">
          {lab.linkNote(t)}
        </p>
      )}
      {state.lanes.map((l, i) => {
        const d = l.divergence;
        if (!d || !state.live) return null;
        const what = {
          lane: LANE_LABELS[i]!,
          step: d.step,
          last: d.step - 1,
          quantity: t(`lab.quantity.${d.quantity}`),
        };
        // A run that overflows at step 1 has no finite values to show: say so rather than point at empty axes.
        const shown = lab.compare
          ? t(d.step > 1 ? 'lab.divergedLaneShown' : 'lab.divergedLaneFirst', what)
          : t(d.step > 1 ? 'lab.divergedShown' : 'lab.divergedFirst', what);
        const then = d.layer ? `${shown} ${t('lab.divergedLayer', { layer: d.layer })}` : shown;
        return (
          <p
            class="vg-lab__alert"
            role="alert"
            data-testid="diverged"
            data-lane={LANE_LABELS[i]}
            data-step={d.step}
            key={i}
          >
            {t(lab.compare ? 'lab.divergedLaneAt' : 'lab.divergedAt', { ...what, then })}
          </p>
        );
      })}
      {state.error && (
        <p
          class="vg-lab__alert"
          role="alert"
          data-testid="error"
          data-worker-failed={state.workerFailed ? '' : undefined}
        >
          {state.workerFailed
            ? t('lab.workerFailed', { message: state.error })
            : t('lab.error', { message: state.error })}
        </p>
      )}
      {state.retrying && (
        <p class="vg-lab__note" data-testid="retrying">
          {t('lab.retrying')}
        </p>
      )}
      {/* One live region for the run's own states, there before they change, so that each is read out. */}
      <div class="vg-lab__states" aria-live="polite">
        {waiting && (
          <p class="vg-lab__note" data-testid="waiting">
            {t(sameAsShown ? 'lab.staleReset' : 'lab.stale')}
          </p>
        )}
        {ended && (
          <p class="vg-lab__note" data-testid="ended" data-steps={endedSteps}>
            {finished.length === state.lanes.length
              ? t('lab.finished', { steps: endedSteps })
              : t('lab.finishedLane', {
                  lane: LANE_LABELS[state.lanes.findIndex((l) => l.finished)]!,
                  steps: endedSteps,
                })}
          </p>
        )}
      </div>

      {/* While the run waits for Play, the figure shown is the last run's: dimmed, and inert — not the lab's current
          content, so neither focus nor a screen reader stops in it (the note above says what it is), and its text
          is exempt from contrast as part of an inactive component (WCAG 1.4.3). */}
      <div class="vg-lab__static" hidden={!showsStatic} inert={waiting} ref={staticRef}>
        {props.children}
      </div>
      {/* A run that overflowed at its first step has no finite number to draw: the alert above says so, and no empty
          axes stand under it. */}
      <div class="vg-panels vg-lab__live" hidden={!showsLive} inert={waiting} data-testid="live-panels" ref={liveRef}>
        {props.panelKeys.map((key) => (
          <div class="vg-panel" key={key} data-panel={key}>
            <p class="vg-panel__title">{titles[key] ?? ''}</p>
            <div
              ref={(el) => {
                panelRefs.current[key] = el;
              }}
            />
          </div>
        ))}
      </div>
      {state.live && !noReports && props.summary && <p class="vg-lab__summary">{props.summary(lanes())}</p>}
    </div>
  );
}
