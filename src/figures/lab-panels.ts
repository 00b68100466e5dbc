/**
 * What the panel sets of the remedy labs share: a lane's name in a text alternative, the training loss panel, a
 * per-layer profile panel (the current step, with step 1 faint behind it), the panel of the circle task, and the
 * nice upper end of a fraction's axis. Each lab's own panels live in `<lab>-panels.ts` beside this file.
 */
import { DATASET_SIZE } from '../core/experiments/mlp.config';
import { seededCircleTask, type TaskView } from '../core/task-view';
import type { translator } from '../i18n';
import { formatNumber, formatPercent } from '../i18n/numbers';
import { type BoundaryPoint, decisionBoundaryFigure, decisionBoundaryLive } from './decision-boundary';
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
  /** What the lane's model makes of its task (see Session.view): the last step's at build time, the latest live. */
  view?: TaskView | null;
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

/** A lab's panel keys with the task's panel after them (labs whose networks learn the circle task). */
export const withTask = <K extends string>(keys: readonly K[]) => [...keys, 'task' as const];

/** The circle data set of a seed, kept for the seed last asked for: a live panel asks at every redraw. */
let circleData: { seed: number; points: BoundaryPoint[]; inside: number } | null = null;
function circlePoints(seed: number) {
  if (circleData?.seed !== seed) {
    const data = seededCircleTask(seed, DATASET_SIZE);
    const points = Array.from({ length: data.n }, (_, i) => ({
      x1: data.x[2 * i]!,
      x2: data.x[2 * i + 1]!,
      label: data.y[i]!,
    }));
    circleData = { seed, points, inside: points.filter((p) => p.label === 1).length };
  }
  return circleData;
}

/**
 * The task itself: the circle data set the network learns (the lanes share its seed) and each lane's decision
 * boundary at the step of its view — the last step of a build-time run, the latest view of a live one.
 */
export function circleTaskPanel(
  lanes: readonly { label: string; config: { seed: number }; view: TaskView | null | undefined }[],
  ctx: PanelContext,
): Panel {
  const { t } = ctx;
  const seed = lanes[0]?.config.seed ?? 1;
  const { points, inside } = circlePoints(seed);
  const views = lanes.map((lane) => ({
    label: lane.label,
    view: lane.view?.kind === 'boundary' ? lane.view : null,
  }));
  const step = Math.max(-1, ...views.map((l) => l.view?.step ?? -1));
  const title = step >= 0 ? t('task.title', { step }) : t('task.titleData');
  const alt = [
    t('task.alt', { n: points.length, inside }),
    ...views.flatMap((l) =>
      l.view
        ? [named(t, l.label, t('task.altView', { step: l.view.step, accuracy: formatPercent(l.view.accuracy) }))]
        : [],
    ),
  ].join(' ');
  const data = { points, lanes: views };
  const options = {
    document: ctx.document,
    labels: { x: t('task.x'), y: t('task.y'), value: t('task.value') },
    ariaLabel: title,
    ariaDescription: alt,
  };
  return {
    title,
    get figure() {
      return decisionBoundaryFigure(data, options);
    },
    get live() {
      return decisionBoundaryLive(data, options, `circle:${seed}:${points.length}`);
    },
  };
}
