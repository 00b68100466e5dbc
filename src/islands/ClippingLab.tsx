/**
 * <ClippingLab>'s live half: clipping (by global norm or by value) with its threshold, and L1 / L2 penalties with
 * their strengths — the threshold and the strengths change while the network trains. On the lab kit's shell, on
 * the `network` experiment.
 */
import { CLIP_MODES, NETWORK_LIVE_KEYS, type NetworkReport } from '../core/experiments/network.config';
import { clippingConfig, type ClippingConfig } from '../authoring/schemas/remedy-labs';
import { CLIPPING_PANEL_KEYS, clippingPanels, clippingSummary } from '../figures/clipping-panels';
import { circleTaskPanel, withTask } from '../figures/lab-panels';
import { translator, type StringKey } from '../i18n';
import { bindFields, numberOptions, SelectField } from './kit/fields';
import { LabShell, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';
import { networkFileTag } from './LayerHistograms';
import { NetworkFields } from './network-fields';

/** The lab's panels, then the circle task it learns. */
const PANEL_KEYS = withTask(CLIPPING_PANEL_KEYS);

export type ClippingLabProps = LabComponentProps<ClippingConfig>;

export const CLIPPING_LAB: LabSpec<ClippingConfig> = {
  experiment: 'network',
  schema: clippingConfig,
  liveKeys: NETWORK_LIVE_KEYS,
  keys: ['clip', 'clipThreshold', 'l1', 'l2', 'depth', 'activation', 'init', 'initScale', 'learningRate', 'seed'],
};

/** Thresholds and penalty strengths the lab offers: half-decades. */
export const CLIP_THRESHOLDS = [0.1, 0.3, 1, 3, 10, 30, 100] as const;
export const PENALTIES = [0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1] as const;

export default function ClippingLab(props: ClippingLabProps) {
  const t = translator(props.locale);
  const lab = useLab<ClippingConfig, NetworkReport>(CLIPPING_LAB, props);
  const c = lab.current;
  const bind = bindFields(lab);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="clipping-lab"
      fields={
        <>
          <SelectField
            {...bind('clip')}
            label={t('lab.clip')}
            options={CLIP_MODES.map((m) => ({ value: m, label: t(`lab.clip.${m}` as StringKey) }))}
          />
          {c.clip !== 'none' && (
            <SelectField
              {...bind('clipThreshold', 'threshold')}
              label={t('lab.clipThreshold')}
              options={numberOptions(CLIP_THRESHOLDS, c.clipThreshold)}
            />
          )}
          <SelectField {...bind('l1')} label={t('lab.l1')} options={numberOptions(PENALTIES, c.l1)} />
          <SelectField {...bind('l2')} label={t('lab.l2')} options={numberOptions(PENALTIES, c.l2)} />
          <NetworkFields lab={lab} t={t} fields={['depth', 'activation', 'init', 'initScale', 'learningRate']} />
        </>
      }
      panelKeys={PANEL_KEYS}
      draw={(ls) => ({ ...clippingPanels(ls, { t }), task: circleTaskPanel(ls, { t }) })}
      summary={(ls) => clippingSummary(ls, { t })}
      status={(ls) => lossStatus(t, ls)}
      fileTag={(c) =>
        `${c.clip === 'none' ? 'noclip' : `clip-${c.clip}${c.clipThreshold}`}${c.l1 ? `-l1_${c.l1}` : ''}${c.l2 ? `-l2_${c.l2}` : ''}-${networkFileTag(c)}`
      }
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
