/**
 * <GradientTrace>'s live half: the controls, the status line and the live panels. Until the reader touches it,
 * it shows the static figure the build rendered (passed in as children); from then on it draws the run that
 * trains in the page's Worker.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { INIT_SCHEMES, SCALED_INIT_SCHEMES, TRAINABLE_ACTIVATIONS } from '../core/catalog';
import { MAX_DEPTH, type MlpConfig, type MlpReport } from '../core/experiments/mlp.config';
import { gradientTracePanels, PANEL_KEYS, type TracePanels } from '../figures/gradient-trace';
import { translator, type Locale, type StringKey } from '../i18n';
import { formatNumber, formatPercent } from '../i18n/numbers';
import { useLabRun } from './use-lab-run';

export interface GradientTraceProps {
  config: MlpConfig;
  locale: Locale;
  maxSteps: number;
  /** Steps of the build-time run that the static figure shows. */
  staticSteps: number;
  /** The build-time run's last report, so a live run of the same settings can show that it retraced it. */
  staticLast: MlpReport | null;
  /** A DOM id prefix unique on the page, for label/control pairs. */
  uid: string;
  children?: ComponentChildren;
}

const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
/** Structural settings rebuild the network from step 0; the learning rate changes in flight. */
type StructuralKey = 'depth' | 'activation' | 'init' | 'initScale';

export default function GradientTrace({
  config: initial,
  locale,
  maxSteps,
  staticSteps,
  staticLast,
  uid,
  children,
}: GradientTraceProps) {
  const t = translator(locale);
  const [config, setConfig] = useState<MlpConfig>(initial);
  const [hydrated, setHydrated] = useState(false);
  const lab = useLabRun<MlpConfig, MlpReport>('mlp', initial, { maxSteps, stepsPerSecond: 0 });
  const { state } = lab;
  const panelRefs = {
    byLayer: useRef<HTMLDivElement>(null),
    overSteps: useRef<HTMLDivElement>(null),
    loss: useRef<HTMLDivElement>(null),
  };
  const [titles, setTitles] = useState<Record<keyof TracePanels, string> | null>(null);
  const frame = useRef(0);

  useEffect(() => setHydrated(true), []);

  // Redraw at most once per animation frame, however many report batches arrived.
  useEffect(() => {
    if (!state.live) return;
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const panels = gradientTracePanels(lab.reports.current, {
        t,
        depth: config.depth,
        activationLabel: t(`act.${config.activation}` as StringKey),
      });
      for (const key of PANEL_KEYS) panelRefs[key].current?.replaceChildren(panels[key].figure);
      setTitles({ byLayer: panels.byLayer.title, overSteps: panels.overSteps.title, loss: panels.loss.title });
    });
  }, [lab.version, state.live, config.depth, config.activation, locale]);

  const changeStructure = (key: StructuralKey, value: MlpConfig[StructuralKey]) => {
    const next = { ...config, [key]: value } as MlpConfig;
    setConfig(next);
    lab.reset(next);
  };

  const changeLearningRate = (value: number) => {
    const next = { ...config, learningRate: value };
    setConfig(next);
    if (state.live) lab.setLive('learningRate', value, next);
    else lab.reset(next);
  };

  // The live run passes the step the static figure shows: with unchanged settings it must have computed the very
  // same numbers (same seed, same kernels), and saying so is the quickest proof that the figure is a real run.
  const replayed = staticLast ? lab.reports.current[staticLast.step - 1] : undefined;
  const sameSettings = JSON.stringify(config) === JSON.stringify(initial);
  const reproduced =
    replayed && staticLast && sameSettings && replayed.step === staticLast.step
      ? replayed.loss === staticLast.loss && replayed.gradNorms.every((g, i) => g === staticLast.gradNorms[i])
      : null;

  const rates = LEARNING_RATES.includes(config.learningRate)
    ? LEARNING_RATES
    : [...LEARNING_RATES, config.learningRate].sort((a, b) => a - b);
  const last = lab.reports.current.at(-1);
  const id = (name: string) => `${uid}-${name}`;
  const disabled = !hydrated;
  const scaled = (SCALED_INIT_SCHEMES as readonly string[]).includes(config.init);

  return (
    <div
      class="vg-lab"
      ref={lab.rootRef as never}
      onPointerEnter={lab.warm}
      onFocusIn={lab.warm}
      data-live={state.live ? '' : undefined}
    >
      <div class="vg-lab__controls" role="group" aria-label={t('lab.controls')}>
        <div class="vg-field vg-field--range">
          <label for={id('depth')}>
            {t('lab.depth')} <output for={id('depth')}>{config.depth}</output>
          </label>
          <input
            id={id('depth')}
            type="range"
            min={1}
            max={MAX_DEPTH}
            step={1}
            value={config.depth}
            disabled={disabled}
            aria-describedby={id('depth-hint')}
            onChange={(e) => changeStructure('depth', Number(e.currentTarget.value))}
          />
          <span id={id('depth-hint')} class="vg-hint">
            {t('lab.depthHint')}
          </span>
        </div>
        <div class="vg-field">
          <label for={id('activation')}>{t('lab.activation')}</label>
          <select
            id={id('activation')}
            value={config.activation}
            disabled={disabled}
            onChange={(e) => changeStructure('activation', e.currentTarget.value as MlpConfig['activation'])}
          >
            {TRAINABLE_ACTIVATIONS.map((a) => (
              <option value={a}>{t(`act.${a}` as StringKey)}</option>
            ))}
          </select>
        </div>
        <div class="vg-field">
          <label for={id('init')}>{t('lab.init')}</label>
          <select
            id={id('init')}
            value={config.init}
            disabled={disabled}
            onChange={(e) => changeStructure('init', e.currentTarget.value as MlpConfig['init'])}
          >
            {INIT_SCHEMES.map((s) => (
              <option value={s}>{t(`init.${s}` as StringKey)}</option>
            ))}
          </select>
        </div>
        {scaled && (
          <div class="vg-field">
            <label for={id('scale')}>{t('lab.initScale')}</label>
            <input
              id={id('scale')}
              type="number"
              min={0.01}
              max={10}
              step={0.05}
              value={config.initScale}
              disabled={disabled}
              onChange={(e) => {
                const v = Number(e.currentTarget.value);
                if (Number.isFinite(v) && v > 0) changeStructure('initScale', Math.min(10, Math.max(0.01, v)));
              }}
            />
          </div>
        )}
        <div class="vg-field">
          <label for={id('lr')}>{t('lab.learningRate')}</label>
          <select
            id={id('lr')}
            value={String(config.learningRate)}
            disabled={disabled}
            onChange={(e) => changeLearningRate(Number(e.currentTarget.value))}
          >
            {rates.map((r) => (
              <option value={String(r)}>{r}</option>
            ))}
          </select>
        </div>
        <div class="vg-buttons">
          <button
            type="button"
            class="vg-button vg-button--primary"
            data-action="play"
            disabled={disabled || state.divergence !== null}
            aria-pressed={state.playing || state.autoPaused}
            onClick={() => (state.playing || state.autoPaused ? lab.pause() : lab.play())}
          >
            {state.playing || state.autoPaused ? t('lab.pause') : t('lab.play')}
          </button>
          <button
            type="button"
            class="vg-button"
            data-action="step"
            title={t('lab.stepTitle')}
            disabled={disabled || state.playing || state.divergence !== null}
            onClick={() => lab.step(1)}
          >
            {t('lab.step')}
          </button>
          <button
            type="button"
            class="vg-button"
            data-action="reset"
            title={t('lab.resetTitle')}
            disabled={disabled}
            onClick={() => lab.reset()}
          >
            {t('lab.reset')}
          </button>
        </div>
      </div>

      <p class="vg-lab__status" aria-live="polite">
        {state.live ? (
          <>
            <span data-testid="step-count">{t('lab.stepCount', { step: state.steps })}</span>
            {last && <span>{t('lab.lossValue', { loss: formatNumber(last.loss, 3) })}</span>}
            {state.backend ? (
              <span data-testid="backend" data-backend={state.backend}>
                {t('lab.backend', { backend: t(`lab.backend.${state.backend}`) })}
              </span>
            ) : (
              <span>{t('lab.loading')}</span>
            )}
            {state.msPerStep !== null && (
              <span data-testid="ms-per-step">{t('lab.msPerStep', { ms: state.msPerStep.toFixed(1) })}</span>
            )}
            {state.autoPaused && <span>{t('lab.autoPaused')}</span>}
            {reproduced !== null && (
              <span data-testid="reproduced" data-reproduced={String(reproduced)}>
                {t(reproduced ? 'lab.reproduced' : 'lab.notReproduced', { step: staticLast!.step })}
              </span>
            )}
          </>
        ) : (
          <span>{t('lab.static', { steps: staticSteps, seed: initial.seed })}</span>
        )}
      </p>

      {state.divergence && (
        <p class="vg-lab__alert" role="alert" data-testid="diverged">
          {t('lab.diverged', { step: state.divergence.step, quantity: t(`lab.quantity.${state.divergence.quantity}`) })}
        </p>
      )}
      {state.error && (
        <p class="vg-lab__alert" role="alert">
          {t('lab.error', { message: state.error })}
        </p>
      )}

      <div class="vg-lab__static" hidden={state.live}>
        {children}
      </div>
      <div class="vg-panels vg-lab__live" hidden={!state.live} data-testid="live-panels">
        {PANEL_KEYS.map((key) => (
          <div class="vg-panel" key={key}>
            <p class="vg-panel__title">{titles?.[key] ?? ''}</p>
            <div ref={panelRefs[key]} />
          </div>
        ))}
      </div>
      {state.live && last && (
        <p class="vg-lab__summary">
          {t('lab.summary', {
            step: last.step,
            loss: formatNumber(last.loss, 3),
            accuracy: formatPercent(last.accuracy),
            ratio: formatNumber(last.gradNorms[0]! / last.gradNorms.at(-1)!),
          })}
        </p>
      )}
    </div>
  );
}
