/**
 * <ReluFamilyLab>'s live half: pick an activation — sigmoid, tanh, ReLU, Leaky ReLU, ELU — and see the gradient
 * of every layer, the units that died, and the loss; compare two activations on shared scales. On the lab kit's
 * shell, on the `network` experiment.
 */
import { NETWORK_LIVE_KEYS, type NetworkReport } from '../core/experiments/network.config';
import { reluFamilyConfig, type ReluFamilyConfig } from '../authoring/schemas/remedy-labs';
import { RELU_FAMILY_PANEL_KEYS, reluFamilyPanels, reluFamilySummary } from '../figures/relu-family-panels';
import { circleTaskPanel, withTask } from '../figures/lab-panels';
import { translator } from '../i18n';
import { bindFields, NumberField } from './kit/fields';
import { LabShell, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';
import { networkFileTag } from './LayerHistograms';
import { NetworkFields } from './network-fields';

/** The lab's panels, then the circle task it learns. */
const PANEL_KEYS = withTask(RELU_FAMILY_PANEL_KEYS);

export type ReluFamilyLabProps = LabComponentProps<ReluFamilyConfig>;

export const RELU_FAMILY_LAB: LabSpec<ReluFamilyConfig> = {
  experiment: 'network',
  schema: reluFamilyConfig,
  liveKeys: NETWORK_LIVE_KEYS,
  keys: ['activation', 'leakyAlpha', 'eluAlpha', 'init', 'initScale', 'depth', 'learningRate', 'seed'],
};

export default function ReluFamilyLab(props: ReluFamilyLabProps) {
  const t = translator(props.locale);
  const lab = useLab<ReluFamilyConfig, NetworkReport>(RELU_FAMILY_LAB, props);
  const c = lab.current;
  const bind = bindFields(lab);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="relu-family-lab"
      fields={
        <>
          <NetworkFields lab={lab} t={t} fields={['activation']} />
          {c.activation === 'leaky-relu' && (
            <NumberField {...bind('leakyAlpha', 'leaky')} label={t('lab.leakyAlpha')} min={0} max={1} step={0.01} />
          )}
          {c.activation === 'elu' && (
            <NumberField {...bind('eluAlpha', 'elu')} label={t('lab.eluAlpha')} min={0.01} max={5} step={0.1} />
          )}
          <NetworkFields lab={lab} t={t} fields={['init', 'initScale', 'depth', 'learningRate']} />
        </>
      }
      panelKeys={PANEL_KEYS}
      draw={(ls) => ({ ...reluFamilyPanels(ls, { t }), task: circleTaskPanel(ls, { t }) })}
      summary={(ls) => reluFamilySummary(ls, { t })}
      status={(ls) => lossStatus(t, ls)}
      fileTag={(c) =>
        networkFileTag(c) +
        (c.activation === 'leaky-relu' ? `-a${c.leakyAlpha}` : c.activation === 'elu' ? `-a${c.eluAlpha}` : '')
      }
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
