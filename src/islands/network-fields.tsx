/**
 * The settings of a lab's network (the feed-forward labs', and the recurrent lab's initialisation and learning
 * rate), for the lane being edited: each lab lists the ones its story needs, and they appear in one order
 * everywhere, with the same ids, labels and choices. The sliders offer what the lab's schema allows (rangeOf), which
 * is also what its props and its links take.
 */
import {
  INIT_SCHEMES,
  SCALED_INIT_SCHEMES,
  TRAINABLE_ACTIVATIONS,
  type InitScheme,
  type TrainableActivation,
} from '../core/catalog';
import type { translator, StringKey } from '../i18n';
import {
  bindFields,
  CheckboxField,
  LEARNING_RATES,
  numberOptions,
  NumberField,
  RangeField,
  rangeOf,
  SelectField,
  type FieldLab,
} from './kit/fields';

/** Every network setting a lab may expose, as its control edits it. */
interface NetworkSettings {
  depth: number;
  width: number;
  activation: TrainableActivation;
  init: InitScheme;
  initScale: number;
  batchNorm: boolean;
  learningRate: number;
}

export type NetworkField = keyof NetworkSettings;

export function NetworkFields<F extends NetworkField>(props: {
  /** A lab whose configuration has (at least) the listed settings. */
  lab: FieldLab<Pick<NetworkSettings, NoInfer<F>>>;
  t: ReturnType<typeof translator>;
  fields: readonly F[];
}) {
  const { t } = props;
  // Only the listed settings, which the lab's configuration has, are read or changed.
  const lab = props.lab as FieldLab<NetworkSettings>;
  const config = lab.current;
  const bind = bindFields(lab);
  const has = (f: NetworkField) => (props.fields as readonly NetworkField[]).includes(f);
  const scaled = (SCALED_INIT_SCHEMES as readonly string[]).includes(config.init);
  return (
    <>
      {has('depth') && (
        <RangeField {...bind('depth')} {...rangeOf(lab, 'depth')} label={t('lab.depth')} hint={t('lab.depthHint')} />
      )}
      {has('width') && (
        <RangeField {...bind('width')} {...rangeOf(lab, 'width')} label={t('lab.width')} hint={t('lab.widthHint')} />
      )}
      {has('activation') && (
        <SelectField
          {...bind('activation')}
          label={t('lab.activation')}
          options={TRAINABLE_ACTIVATIONS.map((a) => ({ value: a, label: t(`act.${a}` as StringKey) }))}
        />
      )}
      {has('init') && (
        <SelectField
          {...bind('init')}
          label={t('lab.init')}
          options={INIT_SCHEMES.map((s) => ({ value: s, label: t(`init.${s}` as StringKey) }))}
        />
      )}
      {has('initScale') && scaled && (
        <NumberField {...bind('initScale', 'scale')} label={t('lab.initScale')} min={0.01} max={10} step={0.05} />
      )}
      {has('learningRate') && (
        <SelectField
          {...bind('learningRate', 'lr')}
          label={t('lab.learningRate')}
          options={numberOptions(LEARNING_RATES, config.learningRate)}
        />
      )}
      {has('batchNorm') && <CheckboxField {...bind('batchNorm', 'bn')} label={t('lab.batchNorm')} />}
    </>
  );
}
