/**
 * <ResidualLab>'s live half: a plain and a residual network of the same depth (up to 64 weight layers) — the
 * gradient norm of every layer, the forward signal, and the loss. On the lab kit's shell, on the `network`
 * experiment.
 */
import { NETWORK_LIVE_KEYS, type NetworkReport } from '../core/experiments/network.config';
import { residualConfig, type ResidualConfig } from '../authoring/schemas/remedy-labs';
import { RESIDUAL_PANEL_KEYS, residualPanels, residualSummary } from '../figures/residual-panels';
import { circleTaskPanel, withTask } from '../figures/lab-panels';
import { translator } from '../i18n';
import { bindFields, CheckboxField, SelectField } from './kit/fields';
import { LabShell, type LabComponentProps } from './kit/LabShell';
import { useLab, type LabSpec } from './kit/use-lab';
import { lossStatus } from './lab-status';
import { networkFileTag } from './LayerHistograms';
import { NetworkFields } from './network-fields';

/** The lab's panels, then the circle task it learns. */
const PANEL_KEYS = withTask(RESIDUAL_PANEL_KEYS);

export type ResidualLabProps = LabComponentProps<ResidualConfig>;

export const RESIDUAL_LAB: LabSpec<ResidualConfig> = {
  experiment: 'network',
  schema: residualConfig,
  liveKeys: NETWORK_LIVE_KEYS,
  keys: ['residual', 'blockLayers', 'depth', 'activation', 'init', 'initScale', 'batchNorm', 'learningRate', 'seed'],
};

export default function ResidualLab(props: ResidualLabProps) {
  const t = translator(props.locale);
  const lab = useLab<ResidualConfig, NetworkReport>(RESIDUAL_LAB, props);
  const c = lab.current;
  const bind = bindFields(lab);
  return (
    <LabShell
      lab={lab}
      t={t}
      component="residual-lab"
      fields={
        <>
          <CheckboxField {...bind('residual')} label={t('lab.residual')} />
          {c.residual && (
            <SelectField
              {...bind('blockLayers', 'block')}
              label={t('lab.blockLayers')}
              options={[1, 2, 3, 4].map((n) => ({ value: n, label: String(n) }))}
            />
          )}
          <NetworkFields
            lab={lab}
            t={t}
            fields={['depth', 'activation', 'init', 'initScale', 'batchNorm', 'learningRate']}
          />
        </>
      }
      panelKeys={PANEL_KEYS}
      draw={(ls) => ({ ...residualPanels(ls, { t }), task: circleTaskPanel(ls, { t }) })}
      summary={(ls) => residualSummary(ls, { t })}
      status={(ls) => lossStatus(t, ls)}
      fileTag={(c) => `${c.residual ? `residual${c.blockLayers}` : 'plain'}-${networkFileTag(c)}`}
      staticSteps={props.staticSteps}
      staticPrints={props.staticPrints}
    >
      {props.children}
    </LabShell>
  );
}
