/**
 * <RnnLstmLab>'s live half: an RNN or an LSTM on the recall task — the sequence length T, the LSTM's initial
 * forget-gate bias — and how much gradient reaches each time step, the loss and the accuracy. On the lab kit's
 * shell, on the `sequence` experiment.
 */
import { CELL_KINDS, MAX_SEQUENCE_LENGTH, type SequenceReport } from '../core/experiments/sequence.config';
import { rnnLstmConfig, type RnnLstmConfig } from '../authoring/schemas/rnn-lstm-lab';
import { RNN_LSTM_PANEL_KEYS, rnnLstmPanels, rnnLstmSummary } from '../figures/rnn-lstm-panels';
import { translator, type StringKey } from '../i18n';
import { bindFields, numberOptions, RangeField, SelectField } from './kit/fields';
import { LabShell, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';
import { NetworkFields } from './network-fields';

export type RnnLstmLabProps = LabComponentProps<RnnLstmConfig>;

export const RNN_LSTM_LAB: LabSpec<RnnLstmConfig> = {
  experiment: 'sequence',
  schema: rnnLstmConfig,
  liveKeys: ['learningRate'],
  keys: ['cell', 'length', 'forgetBias', 'hiddenSize', 'init', 'initScale', 'learningRate', 'seed'],
};

export const FORGET_BIASES = [-2, 0, 1, 2, 3, 5] as const;

export default function RnnLstmLab(props: RnnLstmLabProps) {
  const t = translator(props.locale);
  const lab = useLab<RnnLstmConfig, SequenceReport>(RNN_LSTM_LAB, props);
  const c = lab.current;
  const bind = bindFields(lab);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="rnn-lstm-lab"
      fields={
        <>
          <SelectField
            {...bind('cell')}
            label={t('lab.cell')}
            options={CELL_KINDS.map((k) => ({ value: k, label: t(`rnn.${k}` as StringKey) }))}
          />
          <RangeField
            {...bind('length')}
            label={t('lab.length')}
            hint={t('lab.lengthHint')}
            min={2}
            max={MAX_SEQUENCE_LENGTH}
          />
          {c.cell === 'lstm' && (
            <SelectField
              {...bind('forgetBias', 'forget')}
              label={t('lab.forgetBias')}
              options={numberOptions(FORGET_BIASES, c.forgetBias)}
            />
          )}
          <RangeField {...bind('hiddenSize', 'hidden')} label={t('lab.hiddenSize')} min={2} max={64} />
          <NetworkFields lab={lab} t={t} fields={['init', 'initScale', 'learningRate']} />
        </>
      }
      panelKeys={RNN_LSTM_PANEL_KEYS}
      draw={(ls) => rnnLstmPanels(ls, { t })}
      summary={(ls) => rnnLstmSummary(ls, { t })}
      status={(ls) => lossStatus(t, ls)}
      fileTag={(c) =>
        `${c.cell}-T${c.length}${c.cell === 'lstm' ? `-fb${c.forgetBias}` : ''}-h${c.hiddenSize}-lr${c.learningRate}`
      }
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
