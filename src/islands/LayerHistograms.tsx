/**
 * <LayerHistograms>'s live half: a network on the `network` experiment, drawn as the distribution of each hidden
 * layer's activations, their spread, and the loss — on the lab kit's shell.
 */
import { NETWORK_LIVE_KEYS, type NetworkReport } from '../core/experiments/network.config';
import { layerHistogramsConfig, shownLayers, type NetworkLabConfig } from '../authoring/schemas/network-lab';
import { HISTOGRAM_PANEL_KEYS, layerHistogramsPanels } from '../figures/network-lab-panels';
import { circleTaskPanel, withTask } from '../figures/lab-panels';
import { translator } from '../i18n';
import { LabShell, type DrawLane, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';
import { NetworkFields } from './network-fields';

/** The lab's panels, then the circle task it learns. */
const PANEL_KEYS = withTask(HISTOGRAM_PANEL_KEYS);

export interface LayerHistogramsProps extends LabComponentProps<NetworkLabConfig> {
  /** The author's choice of hidden layers, if any. */
  layers: number[] | null;
}

export const LAYER_HISTOGRAMS_LAB: LabSpec<NetworkLabConfig> = {
  experiment: 'network',
  schema: layerHistogramsConfig,
  liveKeys: NETWORK_LIVE_KEYS,
  keys: ['depth', 'activation', 'init', 'initScale', 'batchNorm', 'learningRate', 'seed'],
};

export const networkFileTag = (c: NetworkLabConfig) =>
  `${c.activation}-depth${c.depth}-${c.init}${c.init === 'normal' || c.init === 'uniform' ? c.initScale : ''}${c.batchNorm ? '-bn' : ''}-lr${c.learningRate}`;

export default function LayerHistograms(props: LayerHistogramsProps) {
  const t = translator(props.locale);
  const lab = useLab<NetworkLabConfig, NetworkReport>(LAYER_HISTOGRAMS_LAB, props);
  const layers = (ls: DrawLane<NetworkLabConfig, NetworkReport>[]) =>
    shownLayers(Math.max(...ls.map((l) => l.config.depth - 1)), props.layers ?? undefined);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="layer-histograms"
      fields={
        <NetworkFields
          lab={lab}
          t={t}
          fields={['depth', 'activation', 'init', 'initScale', 'batchNorm', 'learningRate']}
        />
      }
      panelKeys={PANEL_KEYS}
      draw={(ls) => ({ ...layerHistogramsPanels(ls, layers(ls), { t }), task: circleTaskPanel(ls, { t }) })}
      status={(ls) => lossStatus(t, ls)}
      fileTag={networkFileTag}
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
