/**
 * <GradientTrace>'s live half: its settings on the lab kit's shell. Until the reader touches it, it shows the static
 * figure the build rendered (passed in as children); from then on it draws the runs that train in the page's
 * Worker — one configuration, or two side by side in compare mode.
 */
import type { ComponentChildren } from 'preact';
import { INIT_SCHEMES, SCALED_INIT_SCHEMES, TRAINABLE_ACTIVATIONS } from '../core/catalog';
import { MAX_DEPTH, mlpConfigSchema, type MlpConfig, type MlpReport } from '../core/experiments/mlp.config';
import { gradientTracePanels, PANEL_KEYS } from '../figures/gradient-trace';
import { translator, type Locale, type StringKey } from '../i18n';
import { formatNumber, formatPercent } from '../i18n/numbers';
import { LEARNING_RATES, NumberField, RangeField, SelectField, withValue } from './kit/fields';
import type { StaticPrint } from './kit/fingerprint';
import { LabShell, type DrawLane } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';

export interface GradientTraceProps {
  /** The author's configuration, and a second one when the author set `compare`. */
  configs: MlpConfig[];
  locale: Locale;
  maxSteps: number;
  /** Steps of the build-time run that the static figure shows. */
  staticSteps: number;
  /** The build-time runs' last reports, so a live run of the same settings can show that it retraced them. */
  staticPrints: (StaticPrint | null)[];
  /** The island's page-unique id: URL namespace and element id prefix. */
  uid: string;
  children?: ComponentChildren;
}

export const GRADIENT_TRACE_LAB: LabSpec<MlpConfig> = {
  experiment: 'mlp',
  schema: mlpConfigSchema,
  liveKeys: ['learningRate'],
  keys: ['depth', 'activation', 'init', 'initScale', 'learningRate', 'seed'],
};

export default function GradientTrace(props: GradientTraceProps) {
  const t = translator(props.locale);
  const lab = useLab<MlpConfig, MlpReport>(GRADIENT_TRACE_LAB, props);
  const config = lab.current;
  const id = (name: string) => `${props.uid}-${name}`;
  const disabled = !lab.hydrated;
  const scaled = (SCALED_INIT_SCHEMES as readonly string[]).includes(config.init);
  const act = (c: MlpConfig) => t(`act.${c.activation}` as StringKey);

  const fields = (
    <>
      <RangeField
        id={id('depth')}
        label={t('lab.depth')}
        hint={t('lab.depthHint')}
        value={config.depth}
        min={1}
        max={MAX_DEPTH}
        disabled={disabled}
        onChange={(v) => lab.change('depth', v)}
      />
      <SelectField
        id={id('activation')}
        label={t('lab.activation')}
        value={config.activation}
        options={TRAINABLE_ACTIVATIONS.map((a) => ({ value: a, label: t(`act.${a}` as StringKey) }))}
        disabled={disabled}
        onChange={(v) => lab.change('activation', v)}
      />
      <SelectField
        id={id('init')}
        label={t('lab.init')}
        value={config.init}
        options={INIT_SCHEMES.map((s) => ({ value: s, label: t(`init.${s}` as StringKey) }))}
        disabled={disabled}
        onChange={(v) => lab.change('init', v)}
      />
      {scaled && (
        <NumberField
          id={id('scale')}
          label={t('lab.initScale')}
          value={config.initScale}
          min={0.01}
          max={10}
          step={0.05}
          disabled={disabled}
          onChange={(v) => lab.change('initScale', v)}
        />
      )}
      <SelectField
        id={id('lr')}
        label={t('lab.learningRate')}
        value={config.learningRate}
        options={withValue(LEARNING_RATES, config.learningRate).map((r) => ({ value: r, label: String(r) }))}
        disabled={disabled}
        onChange={(v) => lab.change('learningRate', v)}
      />
    </>
  );

  const draw = (lanes: DrawLane<MlpConfig, MlpReport>[]) =>
    gradientTracePanels(
      lanes.map((l) => ({ label: l.label, depth: l.config.depth, activationLabel: act(l.config), reports: l.reports })),
      { t },
    );

  const summary = (lanes: DrawLane<MlpConfig, MlpReport>[]) =>
    lanes
      .flatMap((l) => {
        const last = l.reports.at(-1);
        if (!last) return [];
        const text = t('lab.summary', {
          step: last.step,
          loss: formatNumber(last.loss, 3),
          accuracy: formatPercent(last.accuracy),
          ratio: formatNumber(last.gradNorms[0]! / last.gradNorms.at(-1)!),
        });
        return [l.label ? t('fig.laneText', { lane: l.label, text }) : text];
      })
      .join(' ');

  return (
    <LabShell
      lab={lab}
      t={t}
      component="gradient-trace"
      fields={fields}
      panelKeys={PANEL_KEYS}
      draw={draw}
      summary={summary}
      status={(lanes) =>
        lanes.map((l) => {
          const last = l.reports.at(-1);
          return last ? (
            <span key={l.label}>
              {(l.label ? `${l.label} · ` : '') + t('lab.lossValue', { loss: formatNumber(last.loss, 3) })}
            </span>
          ) : null;
        })
      }
      fileTag={(c) =>
        `${c.activation}-depth${c.depth}-${c.init}${(SCALED_INIT_SCHEMES as readonly string[]).includes(c.init) ? c.initScale : ''}-lr${c.learningRate}`
      }
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
