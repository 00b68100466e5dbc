/**
 * The panels of <PretrainingLab>, from one run of the `pretraining` experiment, which trains both networks in
 * lockstep: the reconstruction error of each hidden layer while it is pre-trained as an autoencoder, then the
 * fine-tuning loss of the pre-trained network and of the same network from its random initial weights (same
 * batches), and the gradient norm of every layer of both at the current fine-tuning step.
 */
import type { PretrainingConfig, PretrainingReport } from '../core/experiments/pretraining.config';
import { formatNumber } from '../i18n/numbers';
import { CHANCE_LOSS } from './loss-curve';
import { mean, named, type Lane, type PanelContext } from './lab-panels';
import { lineSeriesPanel } from './line-series';
import type { Panel } from './panel';
import { pretrainReconstructionFigure } from './pretrain-reconstruction';

export const PRETRAINING_PANEL_KEYS = ['reconstruction', 'finetune', 'gradient'] as const;

export type PretrainingLane = Lane<Pick<PretrainingConfig, 'depth' | 'pretrainSteps'>, PretrainingReport>;
type Pretrain = Extract<PretrainingReport, { phase: 'pretrain' }>;
type Finetune = Extract<PretrainingReport, { phase: 'finetune' }>;

export const pretrainReports = (reports: readonly PretrainingReport[]) =>
  reports.filter((r): r is Pretrain => r.phase === 'pretrain');
export const finetuneReports = (reports: readonly PretrainingReport[]) =>
  reports.filter((r): r is Finetune => r.phase === 'finetune');

/** Mean over the last `window` fine-tuning steps: single batches jitter. */
const SUMMARY_WINDOW = 100;

export function pretrainingPanels(
  lanes: readonly PretrainingLane[],
  ctx: PanelContext,
): Record<(typeof PRETRAINING_PANEL_KEYS)[number], Panel> {
  const { t } = ctx;
  const hidden = Math.max(1, ...lanes.map((l) => l.config.depth - 1));
  const split = lanes.map((l) => ({ lane: l, pre: pretrainReports(l.reports), fine: finetuneReports(l.reports) }));
  const fineStep = Math.max(0, ...split.map((s) => s.fine.at(-1)?.finetuneStep ?? 0));

  const reconTitle = t('pre.recon.title');
  const reconAlt = split
    .map(({ lane, pre }) => {
      const layers = [...new Set(pre.map((r) => r.layer))];
      const ends = layers.map((l) => {
        const mine = pre.filter((r) => r.layer === l);
        return t('pre.recon.altLayer', {
          layer: l,
          start: formatNumber(mean(mine.slice(0, 5).map((r) => r.loss))),
          end: formatNumber(mean(mine.slice(-20).map((r) => r.loss))),
        });
      });
      const text = pre.length
        ? t('pre.recon.alt', {
            hidden: lane.config.depth - 1,
            steps: lane.config.pretrainSteps,
            layers: ends.join(t('pre.list')),
          })
        : t('pre.recon.altNone');
      return named(t, lane.label, text);
    })
    .join(' ');

  const fineTitle = t('pre.finetune.title');
  const fineLanes = split.map(({ lane, fine }) => ({
    label: lane.label,
    series: [
      { key: 'pretrained', points: fine.map((r) => ({ x: r.finetuneStep, y: r.pretrained.loss })) },
      { key: 'random', points: fine.map((r) => ({ x: r.finetuneStep, y: r.randomInit.loss })) },
    ],
  }));
  const fineAlt = split
    .flatMap(({ lane, fine }) => {
      if (!fine.length) return [named(t, lane.label, t('pre.finetune.altNone'))];
      const tail = fine.slice(-SUMMARY_WINDOW);
      const text = t('pre.finetune.alt', {
        steps: fine.length,
        window: tail.length,
        pre: formatNumber(mean(tail.map((r) => r.pretrained.loss)), 3),
        rand: formatNumber(mean(tail.map((r) => r.randomInit.loss)), 3),
      });
      return [named(t, lane.label, text)];
    })
    .join(' ');
  const losses = fineLanes.flatMap((l) => l.series.flatMap((s) => s.points.map((p) => p.y)));
  const top = Math.max(CHANCE_LOSS * 1.25, ...losses.map((v) => Math.min(v, 5)));

  const gradTitle = t('pre.grad.title', { step: fineStep });
  const gradLanes = split.map(({ lane, fine }) => {
    const last = fine.at(-1);
    return {
      label: lane.label,
      series: last
        ? [
            { key: 'pretrained', points: last.pretrained.gradNorms.map((y, i) => ({ x: i + 1, y })) },
            { key: 'random', points: last.randomInit.gradNorms.map((y, i) => ({ x: i + 1, y })) },
          ]
        : [],
    };
  });
  const gradAlt = split
    .flatMap(({ lane, fine }) => {
      const last = fine.at(-1);
      if (!last) return [];
      const text = t('pre.grad.alt', {
        step: last.finetuneStep,
        depth: lane.config.depth,
        pre1: formatNumber(last.pretrained.gradNorms[0] ?? Number.NaN),
        rand1: formatNumber(last.randomInit.gradNorms[0] ?? Number.NaN),
        preN: formatNumber(last.pretrained.gradNorms.at(-1) ?? Number.NaN),
        randN: formatNumber(last.randomInit.gradNorms.at(-1) ?? Number.NaN),
      });
      return [named(t, lane.label, text)];
    })
    .join(' ');
  const armNames = { pretrained: t('pre.arm.pretrained'), random: t('pre.arm.random') };

  return {
    reconstruction: {
      title: reconTitle,
      get figure() {
        return pretrainReconstructionFigure(
          { layers: hidden, lanes: split.map(({ lane, pre }) => ({ label: lane.label, steps: pre })) },
          {
            document: ctx.document,
            labels: { step: t('pre.recon.step'), loss: t('pre.recon.value'), layer: (l) => t('fig.hist.layer', { l }) },
            ariaLabel: reconTitle,
            ariaDescription: reconAlt,
          },
        );
      },
    },
    finetune: lineSeriesPanel(fineTitle, () => [
      { lanes: fineLanes },
      {
        document: ctx.document,
        labels: { x: t('pre.finetune.step'), y: t('fig.loss'), series: armNames },
        yDomain: [0, top],
        xDomain: [0, Math.max(1, fineStep)],
        reference: { value: CHANCE_LOSS, label: t('fig.chance') },
        smooth: 10,
        growing: true,
        ariaLabel: fineTitle,
        ariaDescription: fineAlt,
      },
    ]),
    gradient: lineSeriesPanel(gradTitle, () => [
      { lanes: gradLanes },
      {
        document: ctx.document,
        labels: { x: t('fig.layer'), y: t('fig.gradNorm'), series: armNames },
        xDomain: [1, Math.max(2, ...lanes.map((l) => l.config.depth))],
        log: true,
        dots: true,
        ariaLabel: gradTitle,
        ariaDescription: gradAlt || t('pre.finetune.altNone'),
      },
    ]),
  };
}

/** Where the run is: pre-training layer l, or the two networks' fine-tuning losses. */
export function pretrainingSummary(lanes: readonly PretrainingLane[], ctx: PanelContext): string {
  const { t } = ctx;
  return lanes
    .flatMap((lane) => {
      const last = lane.reports.at(-1);
      if (!last) return [];
      let text: string;
      if (last.phase === 'pretrain') {
        text = t('pre.summaryPretrain', {
          layer: last.layer,
          hidden: lane.config.depth - 1,
          loss: formatNumber(last.loss),
        });
      } else {
        const tail = finetuneReports(lane.reports).slice(-SUMMARY_WINDOW);
        text = t('pre.summary', {
          steps: last.finetuneStep,
          window: tail.length,
          pre: formatNumber(mean(tail.map((r) => r.pretrained.loss)), 3),
          rand: formatNumber(mean(tail.map((r) => r.randomInit.loss)), 3),
        });
      }
      return [named(t, lane.label, text)];
    })
    .join(' ');
}
