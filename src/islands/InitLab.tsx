/**
 * <InitLab>'s live half: pick σ or a named initialisation and a depth, and see at once — one step, the network as
 * initialised — how the forward signal's spread and the gradient norm change from layer to layer; then train it
 * and watch the profiles move. On the lab kit's shell, on the `network` experiment.
 */
import { NETWORK_LIVE_KEYS, type NetworkReport } from '../core/experiments/network.config';
import { initLabConfig, type NetworkLabConfig } from '../authoring/schemas/network-lab';
import { INIT_PANEL_KEYS, initLabPanels } from '../figures/network-lab-panels';
import { circleTaskPanel, withTask } from '../figures/lab-panels';
import { translator } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { LabShell, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';
import { networkFileTag } from './LayerHistograms';
import { NetworkFields } from './network-fields';

/** The lab's panels, then the circle task it learns. */
const PANEL_KEYS = withTask(INIT_PANEL_KEYS);

export type InitLabProps = LabComponentProps<NetworkLabConfig>;

export const INIT_LAB: LabSpec<NetworkLabConfig> = {
  experiment: 'network',
  schema: initLabConfig,
  liveKeys: NETWORK_LIVE_KEYS,
  keys: ['depth', 'width', 'activation', 'init', 'initScale', 'batchNorm', 'learningRate', 'seed'],
  // The first report describes the network as initialised: show it as soon as a setting changes.
  stepOnReset: 1,
};

export default function InitLab(props: InitLabProps) {
  const t = translator(props.locale);
  const lab = useLab<NetworkLabConfig, NetworkReport>(INIT_LAB, props);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="init-lab"
      fields={
        <NetworkFields
          lab={lab}
          t={t}
          fields={['init', 'initScale', 'depth', 'width', 'activation', 'batchNorm', 'learningRate']}
        />
      }
      panelKeys={PANEL_KEYS}
      draw={(ls) => ({ ...initLabPanels(ls, { t }), task: circleTaskPanel(ls, { t }) })}
      summary={(ls) =>
        ls
          .flatMap((l) => {
            const first = l.reports[0];
            if (!first) return [];
            const text = t('initlab.summary', {
              signal: formatNumber(first.outStd.at(-1)! / first.outStd[0]!),
              gradient: formatNumber(first.gradNorms[0]! / first.gradNorms.at(-1)!),
              hidden: l.config.depth - 1,
              depth: l.config.depth,
            });
            return [l.label ? t('fig.laneText', { lane: l.label, text }) : text];
          })
          .join(' ')
      }
      status={(ls) => lossStatus(t, ls)}
      fileTag={networkFileTag}
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
