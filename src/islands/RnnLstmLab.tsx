/**
 * <RnnLstmLab>'s live half: an RNN or an LSTM on the recall task — the sequence length T, the LSTM's initial
 * forget-gate bias — and how much gradient reaches each time step, the loss and the accuracy. On the lab kit's
 * shell, on the `sequence` experiment.
 */
import type { ComponentChildren } from 'preact';
import { INIT_SCHEMES, SCALED_INIT_SCHEMES } from '../core/catalog';
import { CELL_KINDS, MAX_SEQUENCE_LENGTH, type SequenceReport } from '../core/experiments/sequence.config';
import { rnnLstmConfig, type RnnLstmConfig } from '../authoring/schemas/rnn-lstm-lab';
import { RNN_LSTM_PANEL_KEYS, rnnLstmPanels, rnnLstmSummary } from '../figures/rnn-lstm-panels';
import { translator, type Locale, type StringKey } from '../i18n';
import { LEARNING_RATES, NumberField, RangeField, SelectField, withValue } from './kit/fields';
import type { StaticPrint } from './kit/fingerprint';
import { LabShell } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';

export interface RnnLstmLabProps {
  configs: RnnLstmConfig[];
  locale: Locale;
  maxSteps: number;
  staticSteps: number;
  staticPrints: (StaticPrint | null)[];
  uid: string;
  children?: ComponentChildren;
}

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
  const id = (name: string) => `${lab.uid}-${name}`;
  const disabled = !lab.hydrated;
  const scaled = (SCALED_INIT_SCHEMES as readonly string[]).includes(c.init);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="rnn-lstm-lab"
      fields={
        <>
          <SelectField
            id={id('cell')}
            label={t('lab.cell')}
            value={c.cell}
            options={CELL_KINDS.map((k) => ({ value: k, label: t(`rnn.${k}` as StringKey) }))}
            disabled={disabled}
            onChange={(v) => lab.change('cell', v)}
          />
          <RangeField
            id={id('length')}
            label={t('lab.length')}
            hint={t('lab.lengthHint')}
            value={c.length}
            min={2}
            max={MAX_SEQUENCE_LENGTH}
            disabled={disabled}
            onChange={(v) => lab.change('length', v)}
          />
          {c.cell === 'lstm' && (
            <SelectField
              id={id('forget')}
              label={t('lab.forgetBias')}
              value={c.forgetBias}
              options={withValue(FORGET_BIASES, c.forgetBias).map((b) => ({ value: b, label: String(b) }))}
              disabled={disabled}
              onChange={(v) => lab.change('forgetBias', v)}
            />
          )}
          <RangeField
            id={id('hidden')}
            label={t('lab.hiddenSize')}
            value={c.hiddenSize}
            min={2}
            max={64}
            disabled={disabled}
            onChange={(v) => lab.change('hiddenSize', v)}
          />
          <SelectField
            id={id('init')}
            label={t('lab.init')}
            value={c.init}
            options={INIT_SCHEMES.map((s) => ({ value: s, label: t(`init.${s}` as StringKey) }))}
            disabled={disabled}
            onChange={(v) => lab.change('init', v)}
          />
          {scaled && (
            <NumberField
              id={id('scale')}
              label={t('lab.initScale')}
              value={c.initScale}
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
            value={c.learningRate}
            options={withValue(LEARNING_RATES, c.learningRate).map((r) => ({ value: r, label: String(r) }))}
            disabled={disabled}
            onChange={(v) => lab.change('learningRate', v)}
          />
        </>
      }
      panelKeys={RNN_LSTM_PANEL_KEYS}
      draw={(ls) => rnnLstmPanels(ls, { t })}
      summary={(ls) => rnnLstmSummary(ls, { t })}
      status={(ls) => lossStatus(t, ls)}
      fileTag={(c) => `${c.cell}-T${c.length}${c.cell === 'lstm' ? `-fb${c.forgetBias}` : ''}-h${c.hiddenSize}-lr${c.learningRate}`}
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
