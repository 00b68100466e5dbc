/**
 * The figure of the circle task (src/figures/decision-boundary.ts and circleTaskPanel): the points and the shading
 * it draws are the data and the view it is given, the live figure draws the static figure's bands, and the panel
 * names the step of the view it shows.
 */
import { cellsOf } from './picture-cells';
import { parseColor } from '../../src/figures/png';
import { describe, expect, it } from 'vitest';
import { DATASET_SIZE } from '../../src/core/experiments/mlp.config';
import { BOUNDARY_SIZE, boundaryInputs, seededCircleTask, type BoundaryView } from '../../src/core/task-view';
import {
  BOUNDARY_BANDS,
  boundaryRuns,
  decisionBoundaryFigure,
  decisionBoundaryLive,
} from '../../src/figures/decision-boundary';
import { circleTaskPanel } from '../../src/figures/lab-panels';
import { countDots } from '../../src/figures/dot-path';
import { drawLayer, layerOf } from '../../src/figures/live-layer';
import { translator } from '../../src/i18n';
import { ssrDocument } from '../../src/ssr/document';
import { accessible, expectFigure } from './figure-snapshot';

const document = ssrDocument();
const t = translator('en');
const labels = { x: 'x₁', y: 'x₂', value: 'P(inside)' };

/** A made-up network that has half learned the circle: P(inside) falls off with the radius. */
function view(step: number, sharpness: number, size = BOUNDARY_SIZE): BoundaryView {
  const inputs = boundaryInputs(size);
  const grid = new Float32Array(size * size);
  for (let i = 0; i < grid.length; i++) {
    const r2 = inputs[2 * i]! ** 2 + inputs[2 * i + 1]! ** 2;
    grid[i] = 1 / (1 + Math.exp(sharpness * (r2 - 0.5)));
  }
  return { kind: 'boundary', step, size, grid, accuracy: 0.875 };
}

const circle = seededCircleTask(1, DATASET_SIZE);
const points = Array.from({ length: circle.n }, (_, i) => ({
  x1: circle.x[2 * i]!,
  x2: circle.x[2 * i + 1]!,
  label: circle.y[i]!,
}));

describe('the decision boundary figure', () => {
  it('draws the data over the shading, one configuration and two', () => {
    const one = decisionBoundaryFigure(
      { points: points.slice(0, 60), lanes: [{ label: '', view: view(200, 6, 12) }] },
      { document, labels, ariaLabel: 'The task', ariaDescription: 'Points and shading.' },
    );
    accessible(one);
    expectFigure('decision-boundary', one);
    const two = decisionBoundaryFigure(
      {
        points: points.slice(0, 60),
        lanes: [
          { label: 'A', view: view(200, 6, 12) },
          { label: 'B', view: view(200, 1, 12) },
        ],
      },
      { document, labels, ariaLabel: 'The task', ariaDescription: 'Points and shading.' },
    );
    accessible(two);
    expectFigure('decision-boundary-compare', two);
  });

  it('keeps the circle round: each plot is as wide as it is high, one configuration and two', () => {
    // The axes' outer ticks (−1 and 1) span the plot; their places are in the tick labels' transforms.
    const spans = (svg: SVGSVGElement | HTMLElement) => {
      const at = (anchor: string) =>
        Array.from(svg.querySelectorAll(`g[text-anchor="${anchor}"] text, g:not([text-anchor]) > text`))
          .map((el) => ({
            text: el.textContent,
            xy: /translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute('transform') ?? ''),
          }))
          .filter((e) => e.xy && (e.text === '1' || e.text === '−1'));
      const x = at('middle').map((e) => Number(e.xy![1]));
      const y = at('end').map((e) => Number(e.xy![2]));
      return {
        width: Math.max(...x.slice(0, 2)) - Math.min(...x.slice(0, 2)),
        height: Math.max(...y) - Math.min(...y),
      };
    };
    for (const lanes of [
      [{ label: '', view: view(200, 6, 12) }],
      [
        { label: 'A', view: view(200, 6, 12) },
        { label: 'B', view: view(200, 1, 12) },
      ],
    ]) {
      const figure = decisionBoundaryFigure(
        { points: points.slice(0, 20), lanes },
        { document, labels, ariaLabel: 'The task', ariaDescription: 'Points.' },
      );
      const { width, height } = spans(figure);
      expect(width, `${lanes.length} lane(s)`).toBeGreaterThan(50);
      expect(Math.abs(width - height), `${lanes.length} lane(s): ${width} × ${height}`).toBeLessThanOrEqual(2);
    }
  });

  it('shades every cell of the grid once, in the band of its probability', () => {
    const v = view(10, 6);
    const runs = boundaryRuns(v, '');
    const w = 2 / v.size;
    for (let r = 0; r < v.size; r++) {
      const row = runs.filter((run) => Math.abs(run.y1 - (-1 + r * w)) < 1e-9);
      expect(row.reduce((s, run) => s + run.x2 - run.x1, 0)).toBeCloseTo(2, 9);
      for (const run of row)
        for (let c = Math.round((run.x1 + 1) / w); c < Math.round((run.x2 + 1) / w); c++)
          expect(Math.min(9, Math.floor(v.grid[r * v.size + c]! * 10))).toBe(run.band);
    }
    // Ten bands: far fewer rectangles than cells, for a smooth boundary.
    expect(runs.length).toBeLessThan((v.size * v.size) / 2);
  });

  it('draws the same bands live as in the whole figure, and keeps its frame while only the shading changes', () => {
    const data = (step: number, sharpness: number) => ({ points, lanes: [{ label: '', view: view(step, sharpness) }] });
    const live = decisionBoundaryLive(data(5, 1), { document, labels, ariaLabel: 'Task' }, 'circle:1');
    const frame = live.frame;
    const layer = layerOf(frame)!;
    expect(drawLayer(layer, live.data)).toBe(true);
    const runs = [...layer.querySelectorAll('rect')];
    const ours = runs.map((r) => r.getAttribute('fill')).sort();
    expect(new Set(ours).size).toBeGreaterThan(1);
    expect(ours.every((f) => (BOUNDARY_BANDS as readonly string[]).includes(f!))).toBe(true);
    // The whole figure draws the shading as one picture (src/figures/raster.ts): each of its cells lies in a run of
    // the live layer with the same band, and together they cover what the runs cover.
    const cells = [...live.whole.querySelectorAll('image')].flatMap(cellsOf);
    const box = (r: Element) => ['x', 'y', 'width', 'height'].map((k) => Number(r.getAttribute(k))) as number[];
    const rgb = (f: string) => parseColor(f)!.join(',');
    for (const cell of cells) {
      const [x, y, w, h] = box(cell);
      const run = runs.find((r) => {
        const [rx, ry, rw, rh] = box(r);
        return rx! <= x! + w! / 2 && x! + w! / 2 <= rx! + rw! && ry! <= y! + h! / 2 && y! + h! / 2 <= ry! + rh!;
      });
      expect(run, `cell at ${x}, ${y}`).toBeDefined();
      expect(rgb(cell.getAttribute('fill')!)).toBe(rgb(run!.getAttribute('fill')!));
    }
    const area = (rs: Element[]) => rs.reduce((sum, r) => sum + box(r)[2]! * box(r)[3]!, 0);
    expect(area(cells)).toBeCloseTo(area(runs), 6);
    // The points are the frame's: all 512, drawn once.
    expect(countDots(frame)).toBe(points.length);
    expect(frame.querySelectorAll('circle')).toHaveLength(0);
    expect(decisionBoundaryLive(data(900, 8), { document, labels, ariaLabel: 'Task' }, 'circle:1').frameKey).toBe(
      live.frameKey,
    );
    expect(decisionBoundaryLive(data(900, 8), { document, labels, ariaLabel: 'Task' }, 'circle:2').frameKey).not.toBe(
      live.frameKey,
    );
  });
});

describe('the task panel', () => {
  it('names the step of its view and the accuracy, and shows the data alone before any view', () => {
    const panel = circleTaskPanel([{ label: '', config: { seed: 1 }, view: view(200, 6) }], { t, document });
    expect(panel.title).toBe(t('task.title', { step: 200 }));
    const svg = panel.figure;
    accessible(svg);
    expect(svg.querySelector('desc')!.textContent).toContain('88%');
    const inside = points.filter((p) => p.label === 1).length;
    expect(svg.querySelector('desc')!.textContent).toContain(`${inside} of them`);
    const before = circleTaskPanel([{ label: '', config: { seed: 1 }, view: null }], { t, document });
    expect(before.title).toBe(t('task.titleData'));
    expect(before.live!.data.cells!.cells).toHaveLength(0);
    expect(countDots(before.figure)).toBe(points.length);
  });

  it('in both languages', () => {
    const zh = translator('zh-CN');
    const panel = circleTaskPanel(
      [
        { label: 'A', config: { seed: 1 }, view: view(40, 6) },
        { label: 'B', config: { seed: 1 }, view: view(40, 1) },
      ],
      { t: zh, document },
    );
    expect(panel.title).toBe(zh('task.title', { step: 40 }));
    expect(panel.figure.querySelector('desc')!.textContent).toMatch(/A：.*B：/);
  });
});
