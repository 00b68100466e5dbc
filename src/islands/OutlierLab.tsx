/**
 * <OutlierLab>'s live half: how many inputs are glitched and by how much, the loss (MSE or Huber) and whether
 * the inputs are standardised — the data, the loss and the gradient spikes, and the largest example's pull. On the
 * lab kit's shell, on the `outliers` experiment; the data is drawn in the page from the same seed.
 */
import { OUTLIER_LOSSES, type OutliersReport } from '../core/experiments/outliers.config';
import { outlierLabConfig, type OutlierLabConfig } from '../authoring/schemas/outlier-lab';
import { OUTLIER_PANEL_KEYS, outlierPanels, outlierSummary } from '../figures/outlier-panels';
import { translator, type StringKey } from '../i18n';
import { bindFields, CheckboxField, LEARNING_RATES, numberOptions, SelectField } from './kit/fields';
import { LabShell, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';

export type OutlierLabProps = LabComponentProps<OutlierLabConfig>;

export const OUTLIER_LAB: LabSpec<OutlierLabConfig> = {
  experiment: 'outliers',
  schema: outlierLabConfig,
  liveKeys: ['learningRate', 'huberDelta'],
  keys: ['outlierScale', 'outlierFraction', 'loss', 'huberDelta', 'standardize', 'learningRate', 'seed'],
};

export const OUTLIER_SCALES = [1, 3, 10, 30, 100, 300, 1000] as const;
export const OUTLIER_FRACTIONS = [0, 0.01, 0.02, 0.05, 0.1, 0.2] as const;
export const HUBER_DELTAS = [0.1, 0.3, 1, 3, 10] as const;

export default function OutlierLab(props: OutlierLabProps) {
  const t = translator(props.locale);
  const lab = useLab<OutlierLabConfig, OutliersReport>(OUTLIER_LAB, props);
  const c = lab.current;
  const bind = bindFields(lab);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="outlier-lab"
      fields={
        <>
          <SelectField
            {...bind('outlierScale', 'k')}
            label={t('lab.outlierScale')}
            options={numberOptions(OUTLIER_SCALES, c.outlierScale, (k) => `${k} ×`)}
          />
          <SelectField
            {...bind('outlierFraction', 'fraction')}
            label={t('lab.outlierFraction')}
            options={numberOptions(OUTLIER_FRACTIONS, c.outlierFraction, (f) => `${Math.round(f * 1000) / 10}%`)}
          />
          <SelectField
            {...bind('loss')}
            label={t('lab.loss')}
            options={OUTLIER_LOSSES.map((l) => ({ value: l, label: t(`lab.loss.${l}` as StringKey) }))}
          />
          {c.loss === 'huber' && (
            <SelectField
              {...bind('huberDelta', 'delta')}
              label={t('lab.huberDelta')}
              options={numberOptions(HUBER_DELTAS, c.huberDelta)}
            />
          )}
          <CheckboxField {...bind('standardize', 'z')} label={t('lab.standardize')} />
          <SelectField
            {...bind('learningRate', 'lr')}
            label={t('lab.learningRate')}
            options={numberOptions(LEARNING_RATES, c.learningRate)}
          />
        </>
      }
      panelKeys={OUTLIER_PANEL_KEYS}
      draw={(ls) => outlierPanels(ls, { t })}
      summary={(ls) => outlierSummary(ls, { t })}
      status={(ls) => lossStatus(t, ls)}
      fileTag={(c) =>
        `k${c.outlierScale}-f${c.outlierFraction}-${c.loss}${c.loss === 'huber' ? c.huberDelta : ''}${c.standardize ? '-z' : ''}-lr${c.learningRate}`
      }
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
