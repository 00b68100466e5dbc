/**
 * <PretrainingLab>'s live half: greedy layer-wise pre-training, then fine-tuning of the pre-trained network and
 * of the same network from its random initial weights, in lockstep in one run. On the lab kit's shell, on the
 * `pretraining` experiment.
 */
import { PRETRAINING_ACTIVATIONS, type PretrainingReport } from '../core/experiments/pretraining.config';
import { pretrainingLabConfig, type PretrainingLabConfig } from '../authoring/schemas/pretraining-lab';
import {
  finetuneReports,
  PRETRAINING_PANEL_KEYS,
  pretrainingPanels,
  pretrainingSummary,
} from '../figures/pretraining-panels';
import { translator, type StringKey } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { bindFields, numberOptions, RangeField, SelectField } from './kit/fields';
import { LabShell, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';

export type PretrainingLabProps = LabComponentProps<PretrainingLabConfig>;

export const PRETRAINING_LAB: LabSpec<PretrainingLabConfig> = {
  experiment: 'pretraining',
  schema: pretrainingLabConfig,
  liveKeys: ['learningRate'],
  keys: ['depth', 'activation', 'pretrainSteps', 'pretrainLearningRate', 'learningRate', 'seed'],
  // The learning rate is the fine-tuning one here (pre-training has its own).
  words: { learningRate: { label: 'lab.finetuneLearningRate' } },
};

export const PRETRAIN_STEPS = [0, 50, 100, 200, 400, 800] as const;
export const PRETRAIN_RATES = [0.1, 0.3, 0.5, 1, 3, 10] as const;
export const FINETUNE_RATES = [0.1, 0.3, 1, 2, 3, 10] as const;

export default function PretrainingLab(props: PretrainingLabProps) {
  const t = translator(props.locale);
  const lab = useLab<PretrainingLabConfig, PretrainingReport>(PRETRAINING_LAB, props);
  const c = lab.current;
  const bind = bindFields(lab);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="pretraining-lab"
      fields={
        <>
          <RangeField {...bind('depth')} label={t('lab.depth')} hint={t('lab.depthHint')} min={2} max={24} />
          <SelectField
            {...bind('activation')}
            label={t('lab.activation')}
            options={PRETRAINING_ACTIVATIONS.map((a) => ({ value: a, label: t(`act.${a}` as StringKey) }))}
          />
          <SelectField
            {...bind('pretrainSteps', 'pre-steps')}
            label={t('lab.pretrainSteps')}
            options={numberOptions(PRETRAIN_STEPS, c.pretrainSteps)}
          />
          <SelectField
            {...bind('pretrainLearningRate', 'pre-lr')}
            label={t('lab.pretrainLearningRate')}
            options={numberOptions(PRETRAIN_RATES, c.pretrainLearningRate)}
          />
          <SelectField
            {...bind('learningRate', 'lr')}
            label={t('lab.finetuneLearningRate')}
            options={numberOptions(FINETUNE_RATES, c.learningRate)}
          />
        </>
      }
      panelKeys={PRETRAINING_PANEL_KEYS}
      draw={(ls) => pretrainingPanels(ls, { t })}
      summary={(ls) => pretrainingSummary(ls, { t })}
      status={(ls) =>
        ls.map((l) => {
          const last = l.reports.at(-1);
          if (!last) return null;
          const prefix = l.label ? `${l.label} · ` : '';
          if (last.phase === 'pretrain')
            return <span key={l.label}>{prefix + t('pre.statusPretrain', { layer: last.layer })}</span>;
          const fine = finetuneReports([last])[0]!;
          return (
            <span key={l.label}>
              {prefix +
                t('pre.status', {
                  pre: formatNumber(fine.pretrained.loss, 3),
                  rand: formatNumber(fine.randomInit.loss, 3),
                })}
            </span>
          );
        })
      }
      fileTag={(c) =>
        `${c.activation}-depth${c.depth}-pre${c.pretrainSteps}x${c.pretrainLearningRate}-lr${c.learningRate}`
      }
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
