/**
 * <GradientTrace>'s live half: its settings on the lab kit's shell. Until the reader touches it, it shows the static
 * figure the build rendered (passed in as children); from then on it draws the runs that train in the page's
 * Worker — one configuration, or two side by side in compare mode.
 */
import { SCALED_INIT_SCHEMES } from '../core/catalog';
import { MAX_DEPTH, mlpConfigSchema, type MlpConfig, type MlpReport } from '../core/experiments/mlp.config';
import { GRADIENT_TRACE_KEYS, gradientTracePanels } from '../figures/gradient-trace';
import { circleTaskPanel } from '../figures/lab-panels';
import { translator, type StringKey } from '../i18n';
import { formatNumber, formatPercent } from '../i18n/numbers';
import { bindFields, RangeField } from './kit/fields';
import { LabShell, type DrawLane, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';
import { NetworkFields } from './network-fields';

export type GradientTraceProps = LabComponentProps<MlpConfig>;

export const GRADIENT_TRACE_LAB: LabSpec<MlpConfig> = {
  experiment: 'mlp',
  schema: mlpConfigSchema,
  liveKeys: ['learningRate'],
  keys: ['depth', 'activation', 'init', 'initScale', 'learningRate', 'seed'],
};

export default function GradientTrace(props: GradientTraceProps) {
  const t = translator(props.locale);
  const lab = useLab<MlpConfig, MlpReport>(GRADIENT_TRACE_LAB, props);
  const bind = bindFields(lab);
  const act = (c: MlpConfig) => t(`act.${c.activation}` as StringKey);

  const fields = (
    <>
      {/* From one weight layer, as the mlp experiment allows (the network labs start at two). */}
      <RangeField {...bind('depth')} label={t('lab.depth')} hint={t('lab.depthHint')} min={1} max={MAX_DEPTH} />
      <NetworkFields lab={lab} t={t} fields={['activation', 'init', 'initScale', 'learningRate']} />
    </>
  );

  const draw = (lanes: DrawLane<MlpConfig, MlpReport>[]) => ({
    ...gradientTracePanels(
      lanes.map((l) => ({ label: l.label, depth: l.config.depth, activationLabel: act(l.config), reports: l.reports })),
      { t },
    ),
    task: circleTaskPanel(lanes, { t }),
  });

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
      panelKeys={GRADIENT_TRACE_KEYS}
      draw={draw}
      summary={summary}
      status={(lanes) => lossStatus(t, lanes)}
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
