/**
 * The panels of <RnnLstmLab>: how much of the loss's gradient reaches each time step, ‖∂L/∂h_t‖ for t = 1 … T
 * (the loss is read after step T, so step t's entry has passed through T − t recurrent Jacobians), and the loss and
 * accuracy on the recall task. An RNN's entries fall geometrically towards t = 1 (Bengio, Simard & Frasconi 1994);
 * an LSTM's cell path multiplies by its forget gates, ∂c_t/∂c_{t−1} = diag(f_t), which can stay near 1
 * (Hochreiter & Schmidhuber 1997).
 */
import { RECALL_CLASSES, type SequenceConfig, type SequenceReport } from '../core/experiments/sequence.config';
import { formatNumber, formatPercent } from '../i18n/numbers';
import { lastStep, mean, named, profilePanel, type Lane, type PanelContext } from './lab-panels';
import { lineSeriesPanel } from './line-series';
import type { Panel } from './panel';

export const RNN_LSTM_PANEL_KEYS = ['time', 'loss', 'accuracy'] as const;

export type RnnLstmLane = Lane<Pick<SequenceConfig, 'cell' | 'length'>, SequenceReport>;

/** Chance on the recall task: ln K nats, and one right answer in K. */
export const CHANCE = { loss: Math.log(RECALL_CLASSES), accuracy: 1 / RECALL_CLASSES } as const;
/** Accuracy and loss in sentences: the mean over the last steps' fresh batches. */
const WINDOW = 20;

const cellName = (ctx: PanelContext, lane: RnnLstmLane) => ctx.t(lane.config.cell === 'lstm' ? 'rnn.lstm' : 'rnn.rnn');

export function rnnLstmPanels(
  lanes: readonly RnnLstmLane[],
  ctx: PanelContext,
): Record<(typeof RNN_LSTM_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  const step = lastStep(lanes);
  const over = (pick: (r: SequenceReport) => number) =>
    lanes.map((l) => ({
      label: l.label,
      series: [{ key: 'v', points: l.reports.map((r) => ({ x: r.step, y: pick(r) })) }],
    }));
  const trendAlt = (
    pick: (r: SequenceReport) => number,
    key: 'rnn.loss.alt' | 'rnn.accuracy.alt',
    format: (v: number) => string,
  ) =>
    lanes
      .flatMap((lane) => {
        if (!lane.reports.length) return [];
        const text = t(key, {
          cell: cellName(ctx, lane),
          steps: lane.reports.length,
          start: format(mean(lane.reports.slice(0, WINDOW).map(pick))),
          end: format(mean(lane.reports.slice(-WINDOW).map(pick))),
        });
        return [named(t, lane.label, text)];
      })
      .join(' ');
  const losses = lanes.flatMap((l) => l.reports.map((r) => r.loss));
  const lossTitle = t('rnn.loss.title');
  const accTitle = t('rnn.accuracy.title');
  const x = { xDomain: [0, Math.max(1, step)] as const };
  return {
    time: profilePanel(lanes, ctx, {
      title: t('rnn.time.title', { step }),
      value: t('rnn.time.value'),
      layer: t('rnn.time.t'),
      pick: (r) => r.hiddenGradNorms,
      count: (l) => l.config.length,
      alt: (lane, r, v) =>
        t('rnn.time.alt', {
          cell: cellName(ctx, lane),
          step: r.step,
          length: lane.config.length,
          first: formatNumber(v[0] ?? Number.NaN),
          last: formatNumber(v.at(-1) ?? Number.NaN),
          ratio: formatNumber((v[0] ?? Number.NaN) / (v.at(-1) ?? Number.NaN)),
        }),
    }),
    loss: lineSeriesPanel(lossTitle, () => [
      { lanes: over((r) => r.loss) },
      {
        document: ctx.document,
        labels: { x: t('fig.step'), y: t('fig.loss') },
        yDomain: [0, Math.max(CHANCE.loss * 1.2, ...losses.map((v) => Math.min(v, 5)))],
        reference: { value: CHANCE.loss, label: t('rnn.chanceLoss') },
        smooth: 4,
        ...x,
        growing: true,
        ariaLabel: lossTitle,
        ariaDescription:
          trendAlt(
            (r) => r.loss,
            'rnn.loss.alt',
            (v) => formatNumber(v, 3),
          ) || undefined,
      },
    ]),
    accuracy: lineSeriesPanel(accTitle, () => [
      { lanes: over((r) => r.accuracy) },
      {
        document: ctx.document,
        labels: { x: t('fig.step'), y: t('rnn.accuracy.value') },
        yDomain: [0, 1],
        reference: { value: CHANCE.accuracy, label: t('rnn.chanceAccuracy') },
        smooth: 4,
        ...x,
        growing: true,
        ariaLabel: accTitle,
        ariaDescription: trendAlt((r) => r.accuracy, 'rnn.accuracy.alt', formatPercent) || undefined,
      },
    ]),
  };
}

export function rnnLstmSummary(lanes: readonly RnnLstmLane[], ctx: PanelContext): string {
  const { t } = ctx;
  return lanes
    .flatMap((lane) => {
      const last = lane.reports.at(-1);
      if (!last) return [];
      const tail = lane.reports.slice(-WINDOW);
      const h = last.hiddenGradNorms;
      const parts = [
        t(tail.length === 1 ? 'rnn.summaryOne' : 'rnn.summary', {
          cell: cellName(ctx, lane),
          step: last.step,
          accuracy: formatPercent(mean(tail.map((r) => r.accuracy))),
          window: tail.length,
          ratio: formatNumber((h[0] ?? Number.NaN) / (h.at(-1) ?? Number.NaN)),
          length: lane.config.length,
        }),
        ...(last.forgetGateMean !== undefined
          ? [t('rnn.summaryForget', { forget: formatNumber(last.forgetGateMean) })]
          : []),
      ];
      return [named(t, lane.label, parts.join(' '))];
    })
    .join(' ');
}
