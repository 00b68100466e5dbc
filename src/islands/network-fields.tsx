/**
 * The settings of a network lab (any island on the `network` experiment), for the lane being edited: each lab
 * lists the ones its story needs, and they appear in one order everywhere.
 */
import { INIT_SCHEMES, SCALED_INIT_SCHEMES, TRAINABLE_ACTIVATIONS } from '../core/catalog';
import { MAX_DEPTH } from '../core/experiments/mlp.config';
import type { NetworkReport } from '../core/experiments/network.config';
import type { NetworkLabConfig } from '../authoring/schemas/network-lab';
import type { translator, StringKey } from '../i18n';
import { CheckboxField, LEARNING_RATES, NumberField, RangeField, SelectField, withValue } from './kit/fields';
import type { Lab } from './kit/use-lab';

export type NetworkField = 'depth' | 'width' | 'activation' | 'init' | 'initScale' | 'batchNorm' | 'learningRate';

export function NetworkFields<C extends NetworkLabConfig & Record<string, unknown>>(props: {
  lab: Lab<C, NetworkReport>;
  t: ReturnType<typeof translator>;
  fields: readonly NetworkField[];
}) {
  const { lab, t } = props;
  const config = lab.current;
  const has = (f: NetworkField) => props.fields.includes(f);
  const id = (name: string) => `${lab.uid}-${name}`;
  const disabled = !lab.hydrated;
  const set = <K extends NetworkField>(key: K, value: C[K]) => lab.change(key, value);
  const scaled = (SCALED_INIT_SCHEMES as readonly string[]).includes(config.init);
  return (
    <>
      {has('depth') && (
        <RangeField
          id={id('depth')}
          label={t('lab.depth')}
          hint={t('lab.depthHint')}
          value={config.depth}
          min={2}
          max={MAX_DEPTH}
          disabled={disabled}
          onChange={(v) => set('depth', v as C['depth'])}
        />
      )}
      {has('width') && (
        <RangeField
          id={id('width')}
          label={t('lab.width')}
          hint={t('lab.widthHint')}
          value={config.width}
          min={2}
          max={64}
          disabled={disabled}
          onChange={(v) => set('width', v as C['width'])}
        />
      )}
      {has('activation') && (
        <SelectField
          id={id('activation')}
          label={t('lab.activation')}
          value={config.activation}
          options={TRAINABLE_ACTIVATIONS.map((a) => ({ value: a, label: t(`act.${a}` as StringKey) }))}
          disabled={disabled}
          onChange={(v) => set('activation', v as C['activation'])}
        />
      )}
      {has('init') && (
        <SelectField
          id={id('init')}
          label={t('lab.init')}
          value={config.init}
          options={INIT_SCHEMES.map((s) => ({ value: s, label: t(`init.${s}` as StringKey) }))}
          disabled={disabled}
          onChange={(v) => set('init', v as C['init'])}
        />
      )}
      {has('initScale') && scaled && (
        <NumberField
          id={id('scale')}
          label={t('lab.initScale')}
          value={config.initScale}
          min={0.01}
          max={10}
          step={0.05}
          disabled={disabled}
          onChange={(v) => set('initScale', v as C['initScale'])}
        />
      )}
      {has('learningRate') && (
        <SelectField
          id={id('lr')}
          label={t('lab.learningRate')}
          value={config.learningRate}
          options={withValue(LEARNING_RATES, config.learningRate).map((r) => ({ value: r, label: String(r) }))}
          disabled={disabled}
          onChange={(v) => set('learningRate', v as C['learningRate'])}
        />
      )}
      {has('batchNorm') && (
        <CheckboxField
          id={id('bn')}
          label={t('lab.batchNorm')}
          checked={config.batchNorm}
          disabled={disabled}
          onChange={(v) => set('batchNorm', v as C['batchNorm'])}
        />
      )}
    </>
  );
}
