/**
 * <BatchNormLab>'s live half: the same network with and without batch normalisation — each hidden layer's
 * activation mean and spread, their histograms, the gradient norm of every layer, and the loss. On the lab kit's
 * shell, on the `network` experiment.
 */
import { NETWORK_LIVE_KEYS, type NetworkReport } from '../core/experiments/network.config';
import { batchNormConfig, type BatchNormConfig } from '../authoring/schemas/remedy-labs';
import { BATCH_NORM_PANEL_KEYS, batchNormPanels, batchNormSummary } from '../figures/batch-norm-panels';
import { circleTaskPanel, withTask } from '../figures/lab-panels';
import { translator } from '../i18n';
import { LabShell, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';
import { networkFileTag } from './LayerHistograms';
import { NetworkFields } from './network-fields';

/** The lab's panels, then the circle task it learns. */
const PANEL_KEYS = withTask(BATCH_NORM_PANEL_KEYS);

export type BatchNormLabProps = LabComponentProps<BatchNormConfig>;

export const BATCH_NORM_LAB: LabSpec<BatchNormConfig> = {
  experiment: 'network',
  schema: batchNormConfig,
  liveKeys: NETWORK_LIVE_KEYS,
  keys: ['batchNorm', 'activation', 'init', 'initScale', 'depth', 'learningRate', 'seed'],
};

export default function BatchNormLab(props: BatchNormLabProps) {
  const t = translator(props.locale);
  const lab = useLab<BatchNormConfig, NetworkReport>(BATCH_NORM_LAB, props);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="batch-norm-lab"
      fields={
        <NetworkFields
          lab={lab}
          t={t}
          fields={['batchNorm', 'activation', 'init', 'initScale', 'depth', 'learningRate']}
        />
      }
      panelKeys={PANEL_KEYS}
      draw={(ls) => ({ ...batchNormPanels(ls, { t }), task: circleTaskPanel(ls, { t }) })}
      summary={(ls) => batchNormSummary(ls, { t })}
      status={(ls) => lossStatus(t, ls)}
      fileTag={networkFileTag}
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
