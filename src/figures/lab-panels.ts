/**
 * What the panel sets of the remedy labs share: a lane's name in a text alternative, the training loss panel, a
 * per-layer profile panel (the current step, with step 1 faint behind it), and the nice upper end of a fraction's
 * axis. Each lab's own panels live in `<lab>-panels.ts` beside this file.
 */
import type { translator } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { layerProfileFigure, layerProfileLive } from './layer-profile';
import { lossCurveFigure, lossCurveLive } from './loss-curve';
import type { Panel } from './panel';

export type Translate = ReturnType<typeof translator>;

export interface PanelContext {
  t: Translate;
  /** linkedom's document at build time; the page's in the browser. */
  document?: Document;
}

/** One configuration's runs: "A" / "B" when comparing, "" alone. */
export interface Lane<C, R> {
  label: string;
  config: C;
  reports: readonly R[];
}

/** "A: text" in compare mode, the text alone otherwise. */
export const named = (t: Translate, label: string, text: string) =>
  label ? t('fig.laneText', { lane: label, text }) : text;

export const lastStep = (lanes: readonly { reports: readonly { step: number }[] }[]) =>
  Math.max(0, ...lanes.map((l) => l.reports.at(-1)?.step ?? 0));

/** The top of an axis for fractions: the largest value rounded up to a tenth, at least 0.1, at most 1. */
export const fractionTop = (values: readonly number[]) =>
  Math.min(1, Math.max(0.1, Math.ceil(10 * Math.max(0, ...values.filter(Number.isFinite)) - 1e-9) / 10));

/** Minibatch cross-entropy over steps, ln 2 marked: the loss panel of every lab on a binary task. */
export function lossPanel(
  lanes: readonly { label: string; reports: readonly { step: number; loss: number }[] }[],
  ctx: PanelContext,
): Panel {
  const { t } = ctx;
  const title = t('fig.loss.title');
  const alt = lanes
    .flatMap((lane) => {
      const first = lane.reports[0];
      const last = lane.reports.at(-1);
      if (!first || !last) return [];
      const text = t('fig.loss.alt', {
        steps: last.step,
        start: formatNumber(first.loss, 3),
        end: formatNumber(last.loss, 3),
      });
      return [named(t, lane.label, text)];
    })
    .join(' ');
  const data = { lanes: lanes.map((l) => ({ label: l.label, steps: l.reports })) };
  const options = {
    document: ctx.document,
    labels: { step: t('fig.step'), loss: t('fig.loss'), chance: t('fig.chance') },
    ariaLabel: title,
    ariaDescription: alt || undefined,
  };
  return {
    title,
    get figure() {
      return lossCurveFigure(data, options);
    },
    get live() {
      return lossCurveLive(data, options);
    },
  };
}

export interface ProfileSpec<C, R> {
  title: string;
  /** The y axis and the x axis. */
  value: string;
  layer: string;
  /** The numbers of one report, input side first. */
  pick(report: R): readonly number[];
  /** How many positions the lane has (layers, hidden layers, time steps), so that an empty run gets its axes. */
  count(lane: Lane<C, R>): number;
  /** One lane's text alternative, from its last report. */
  alt(lane: Lane<C, R>, report: R, values: readonly number[]): string;
  reference?: number;
}

/** A per-layer profile (log axis): the last report of each lane, and its first report faintly behind it. */
export function profilePanel<C, R>(lanes: readonly Lane<C, R>[], ctx: PanelContext, spec: ProfileSpec<C, R>): Panel {
  const alt = lanes
    .flatMap((lane) => {
      const last = lane.reports.at(-1);
      return last ? [named(ctx.t, lane.label, spec.alt(lane, last, spec.pick(last)))] : [];
    })
    .join(' ');
  const data = () => ({
    layers: Math.max(1, ...lanes.map(spec.count)),
    series: lanes.map((lane) => ({
      label: lane.label,
      current: lane.reports.length ? spec.pick(lane.reports.at(-1)!) : [],
      first: lane.reports.length > 1 ? spec.pick(lane.reports[0]!) : undefined,
    })),
  });
  const options = {
    document: ctx.document,
    labels: { layer: spec.layer, value: spec.value, first: ctx.t('fig.firstStep') },
    ...(spec.reference === undefined ? {} : { reference: spec.reference }),
    ariaLabel: spec.title,
    ariaDescription: alt || undefined,
  };
  return {
    title: spec.title,
    get figure() {
      return layerProfileFigure(data(), options);
    },
    get live() {
      return layerProfileLive(data(), options);
    },
  };
}

/** The mean of the finite numbers in `values` (NaN when there are none). */
export function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
}

/** ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖ of a report (NaN when it has no layers). */
export const firstOverLast = (gradNorms: readonly number[]) =>
  (gradNorms[0] ?? Number.NaN) / (gradNorms.at(-1) ?? Number.NaN);
