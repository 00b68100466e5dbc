/**
 * Live figures (src/figures/live-layer.ts): a frame drawn by Plot only when its key changes, and a data layer written
 * in place. What must hold: the layer draws the very points Plot draws for the same data on the same frame (so the
 * live figure is the figure, not a look-alike); updating it reuses its elements; the frame key stays while a run grows
 * inside the axes and changes when it outgrows them; and the accessible description follows the data.
 */
import { describe, expect, it } from 'vitest';
import { gradientOverStepsLive } from '../../src/figures/gradient-over-steps';
import { layerProfileLive } from '../../src/figures/layer-profile';
import { layerStepHeatmapLive } from '../../src/figures/layer-step-heatmap';
import {
  decadeDomain,
  describeFrame,
  drawLayer,
  layerOf,
  liveExtent,
  type LiveFigure,
} from '../../src/figures/live-layer';
import { lossCurveLive } from '../../src/figures/loss-curve';
import { parseColor } from '../../src/figures/png';
import { ssrDocument } from '../../src/ssr/document';
import { noise } from './figure-snapshot';
import { cellsOf } from './picture-cells';

const document = ssrDocument();

function steps(depth: number, n: number, gain: number, seed = 1) {
  const r = noise(seed);
  return Array.from({ length: n }, (_, i) => ({
    step: i + 1,
    loss: 0.69 * Math.exp(-i / (n * gain)) + 0.05 * r(),
    gradNorms: Array.from({ length: depth }, (_, l) => Math.pow(gain, depth - 1 - l) * (0.5 + r()) * 0.1),
  }));
}

/** The x offset of an element from its ancestors' translate() transforms (Plot translates facets and marks). */
function offset(el: Element): [number, number] {
  let x = 0;
  let y = 0;
  for (let e: Element | null = el; e; e = e.parentElement) {
    const m = e.getAttribute('transform')?.match(/translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)/);
    if (m) {
      x += Number(m[1]);
      y += Number(m[2]);
    }
  }
  return [x, y];
}

/** Every vertex of every path under `root` (lines only), in page coordinates, rounded, sorted. */
function vertices(paths: Iterable<Element>): [number, number][] {
  const out: [number, number][] = [];
  for (const p of paths) {
    const [ox, oy] = offset(p);
    for (const m of (p.getAttribute('d') ?? '').matchAll(/[ML]\s*([-\d.e]+)[ ,]([-\d.e]+)/g))
      out.push([Number(m[1]) + ox, Number(m[2]) + oy]);
  }
  return sorted(out);
}

const sorted = (points: [number, number][]) => points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);

/** The same points within 0.02 px (the layer writes coordinates to 0.01 px). */
function samePoints(actual: [number, number][], expected: [number, number][]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach(([x, y], i) => {
    expect(Math.abs(x - expected[i]![0]), `x of point ${i}`).toBeLessThan(0.02);
    expect(Math.abs(y - expected[i]![1]), `y of point ${i}`).toBeLessThan(0.02);
  });
}

function circles(els: Iterable<Element>): [number, number][] {
  return sorted(
    [...els].map((c) => {
      const [ox, oy] = offset(c);
      return [Number(c.getAttribute('cx')) + ox, Number(c.getAttribute('cy')) + oy];
    }),
  );
}

/** Draw a live figure's frame and layer as the island does. */
function drawn(live: LiveFigure): { frame: Element; layer: Element } {
  const frame = live.frame;
  const layer = layerOf(frame);
  expect(layer, 'the frame holds a data layer').not.toBeNull();
  expect(drawLayer(layer!, live.data)).toBe(true);
  return { frame, layer: layer! };
}

/** The layer's lines and dots are Plot's, vertex for vertex, on the same frame. */
function matchesPlot(live: LiveFigure): void {
  const { layer } = drawn(live);
  const whole = live.whole;
  // Plot's data lines: the paths outside its axes (asImage strips Plot's aria-labels; axes are aria-hidden).
  const plotLines = [...whole.querySelectorAll('path')].filter((p) => !p.closest('[aria-hidden]'));
  expect(plotLines.length).toBeGreaterThan(0);
  samePoints(vertices(layer.querySelectorAll('path')), vertices(plotLines));
  samePoints(circles(layer.querySelectorAll('circle')), circles(whole.querySelectorAll('circle')));
}

const lossLabels = { step: 'Step', loss: 'Loss', chance: 'coin flip' };
const overLabels = { step: 'Step', gradNorm: 'Norm', firstLayer: 'layer 1', lastLayer: 'layer 8' };

describe('live figures draw what Plot draws', () => {
  it('loss curve, one configuration and two', () => {
    matchesPlot(
      lossCurveLive(
        { lanes: [{ label: '', steps: steps(4, 70, 0.5) }] },
        { document, labels: lossLabels, ariaLabel: 'Loss' },
      ),
    );
    matchesPlot(
      lossCurveLive(
        {
          lanes: [
            { label: 'A', steps: steps(4, 70, 0.5) },
            { label: 'B', steps: steps(4, 40, 2, 5) },
          ],
        },
        { document, labels: lossLabels, ariaLabel: 'Loss' },
      ),
    );
  });

  it('gradient over steps, one configuration and two side by side (facets)', () => {
    matchesPlot(
      gradientOverStepsLive(
        { depth: 8, lanes: [{ label: '', steps: steps(8, 70, 0.3) }] },
        { document, labels: overLabels, ariaLabel: 'Fan' },
      ),
    );
    matchesPlot(
      gradientOverStepsLive(
        {
          depth: 8,
          lanes: [
            { label: 'A', steps: steps(8, 70, 0.3) },
            { label: 'B', steps: steps(8, 70, 0.9, 2) },
          ],
        },
        { document, labels: overLabels, ariaLabel: 'Fans' },
      ),
    );
  });

  it('layer profile with step 1 behind, one configuration and two', () => {
    const s = steps(12, 30, 0.5);
    const labels = { layer: 'Layer', value: 'Norm', first: 'step 1' };
    matchesPlot(
      layerProfileLive(
        { layers: 12, series: [{ label: '', current: s.at(-1)!.gradNorms, first: s[0]!.gradNorms }] },
        { document, labels, ariaLabel: 'Norms' },
      ),
    );
    matchesPlot(
      layerProfileLive(
        {
          layers: 12,
          series: [
            { label: 'A', current: s.at(-1)!.gradNorms, first: s[0]!.gradNorms },
            { label: 'B', current: s[5]!.gradNorms, first: s[0]!.gradNorms },
          ],
        },
        { document, labels, ariaLabel: 'Norms' },
      ),
    );
  });

  it('a heat map draws Plot’s cells, in columns laid out for the whole axis, one configuration and two', () => {
    const labels = { step: 'Step', layer: 'Layer', value: 'Norm' };
    const check = (live: LiveFigure) => {
      const { layer } = drawn(live);
      const box = (r: Element) => {
        const [ox, oy] = offset(r);
        return [
          Number(r.getAttribute('x')) + ox,
          Number(r.getAttribute('y')) + oy,
          Number(r.getAttribute('width')),
          Number(r.getAttribute('height')),
        ];
      };
      const ours = [...layer.querySelectorAll('rect')];
      // Plot's cells: drawn at build time as pictures, a pixel per cell (src/figures/raster.ts), read back here.
      const plots = [...live.whole.querySelectorAll('image')].flatMap(cellsOf);
      expect(ours.length).toBeGreaterThan(0);
      expect(plots).toHaveLength(ours.length);
      const rgba = (r: Element) => parseColor(r.getAttribute('fill')!)!.join(',');
      expect(ours.map(rgba).sort()).toEqual(plots.slice(0, ours.length).map(rgba).sort());
      const a = ours.map(box).sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!);
      const b = plots
        .slice(0, ours.length)
        .map(box)
        .sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!);
      a.forEach((r, i) => r.forEach((v, k) => expect(Math.abs(v - b[i]![k]!), `cell ${i}`).toBeLessThan(0.02)));
    };
    const one = layerStepHeatmapLive(
      { depth: 6, lanes: [{ label: '', steps: steps(6, 45, 0.2) }] },
      { document, labels, ariaLabel: 'Heat' },
    );
    // 45 steps on a 50-step axis, in the 2-step columns laid out for 50; no cell past the column of the last step.
    const cells = one.data.cells!.cells;
    expect(cells.every((c) => c.x2 - c.x1 === 2 && c.x1 % 2 === 0)).toBe(true);
    expect(Math.max(...cells.map((c) => c.x2))).toBe(46);
    check(one);
    check(
      layerStepHeatmapLive(
        {
          depth: 6,
          lanes: [
            { label: 'A', steps: steps(6, 45, 0.2) },
            { label: 'B', steps: steps(6, 45, 1, 3) },
          ],
        },
        { document, labels, ariaLabel: 'Heat' },
      ),
    );
  });
});

describe('a live figure computes only what is new', () => {
  it('the same smoothed norms as the whole run smoothed at once, as the run grows', () => {
    const run = steps(5, 90, 0.4, 7);
    const labels = overLabels;
    const live = (n: number) =>
      gradientOverStepsLive(
        { depth: 5, lanes: [{ label: '', steps: run.slice(0, n) }] },
        { document, labels, ariaLabel: 'Fan', maxPoints: 1000 },
      );
    live(30);
    const grown = live(90).data.lines!;
    // A fresh run (new report objects) is smoothed from its start.
    const fresh = gradientOverStepsLive(
      { depth: 5, lanes: [{ label: '', steps: run.map((r) => ({ ...r })) }] },
      { document, labels, ariaLabel: 'Fan', maxPoints: 1000 },
    ).data.lines!;
    expect(grown).toHaveLength(5);
    grown.forEach((line, l) => {
      expect(line.points).toHaveLength(90);
      line.points.forEach(([, y], i) => expect(y).toBeCloseTo(fresh[l]!.points[i]![1], 12));
    });
    // The heat map's column means too: grown step by step, or computed at once.
    const heat = (rows: typeof run) =>
      layerStepHeatmapLive(
        { depth: 5, lanes: [{ label: '', steps: rows }] },
        { document, labels: { step: 'Step', layer: 'Layer', value: 'Norm' }, ariaLabel: 'Heat' },
      ).data.cells!.cells;
    heat(run.slice(0, 61));
    heat(run.slice(0, 77));
    expect(heat(run.slice(0, 90))).toEqual(heat(run.map((r) => ({ ...r }))));
    // And the first point of layer 1 is its raw norm (an average of one value).
    expect(grown[0]!.points[0]![1]).toBeCloseTo(run[0]!.gradNorms[0]!, 12);
  });
});

describe('a live figure redraws in place', () => {
  it('keeps its frame while the run grows inside the axes, and its elements when it redraws', () => {
    const at = (n: number) =>
      gradientOverStepsLive(
        { depth: 8, lanes: [{ label: '', steps: steps(8, n, 0.3) }] },
        { document, labels: overLabels, ariaLabel: 'Fan', ariaDescription: `${n} steps` },
      );
    const a = at(120);
    const b = at(180);
    // 120 and 180 steps both sit on a 200-step axis with the same decades: the frame stays.
    expect(b.frameKey).toBe(a.frameKey);
    // 250 steps outgrow it: a new frame, on a 300-step axis.
    expect(at(250).frameKey).not.toBe(a.frameKey);

    const { frame, layer } = drawn(a);
    const paths = [...layer.querySelectorAll('path')];
    expect(paths).toHaveLength(8);
    const before = paths.map((p) => p.getAttribute('d'));
    drawLayer(layer, b.data);
    const after = [...layer.querySelectorAll('path')];
    expect(after).toHaveLength(8);
    after.forEach((p, i) => expect(p).toBe(paths[i]));
    expect(after.map((p) => p.getAttribute('d'))).not.toEqual(before);

    describeFrame(frame, b);
    expect(frame.querySelector('desc')?.textContent).toBe('180 steps');
  });

  it('a line with a gap (a value a log axis cannot show) breaks, and an empty one hides', () => {
    const live = lossCurveLive(
      { lanes: [{ label: '', steps: steps(4, 10, 0.5) }] },
      { document, labels: lossLabels, ariaLabel: 'Loss' },
    );
    const { layer } = drawn(live);
    drawLayer(layer, {
      lines: [
        {
          points: [
            [1, 0.5],
            [2, Number.NaN],
            [3, 0.4],
            [4, 0.3],
          ],
          stroke: 'red',
        },
        { points: [], stroke: 'red' },
      ],
    });
    const [gap, empty] = [...layer.querySelectorAll('path')];
    expect(gap!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    expect(empty!.getAttribute('visibility')).toBe('hidden');
  });
});

describe('live axes', () => {
  it('the step axis grows through 1, 2, 3, 5 × 10ᵏ', () => {
    expect([1, 2, 7, 10, 11, 150, 200, 201, 301, 2000, 2001].map(liveExtent)).toEqual([
      1, 2, 10, 10, 20, 200, 200, 300, 500, 2000, 3000,
    ]);
  });
  it('a log axis spans whole decades, at least one', () => {
    expect(decadeDomain([0.03, 0.2])).toEqual([0.01, 1]);
    expect(decadeDomain([0.5])).toEqual([0.1, 1]);
    expect(decadeDomain([Number.NaN, 0, -1])).toEqual([0.1, 1]);
  });
});

describe('dense marks go to a canvas where there is one', () => {
  /** A 2D context that records what is drawn on it, in the units the layer draws in. */
  function recorder() {
    const rects: [number, number, number, number, string][] = [];
    const lines: { points: [number, number][]; stroke: string; width: number }[] = [];
    let path: [number, number][] = [];
    const ctx = {
      fillStyle: '',
      strokeStyle: '',
      lineWidth: 1,
      globalAlpha: 1,
      lineJoin: '',
      lineCap: '',
      setTransform() {},
      clearRect() {},
      setLineDash() {},
      fillRect(x: number, y: number, w: number, h: number) {
        rects.push([x, y, w, h, ctx.fillStyle]);
      },
      beginPath() {
        path = [];
      },
      moveTo(x: number, y: number) {
        path.push([x, y]);
      },
      lineTo(x: number, y: number) {
        path.push([x, y]);
      },
      stroke() {
        lines.push({ points: path, stroke: ctx.strokeStyle, width: ctx.lineWidth });
      },
    };
    return { ctx, rects, lines };
  }

  /** Draw `make()` once with the browser's canvas faked, and once without (SVG elements, as in the build). */
  function both(make: () => LiveFigure) {
    const rec = recorder();
    const proto = Object.getPrototypeOf(document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas'));
    const own = Object.getOwnPropertyDescriptor(proto, 'getContext');
    Object.defineProperty(proto, 'getContext', { value: () => rec.ctx, configurable: true, writable: true });
    let canvas: Element;
    try {
      canvas = drawn(make()).layer;
    } finally {
      if (own) Object.defineProperty(proto, 'getContext', own);
      else delete proto.getContext;
    }
    return { canvas, svg: drawn(make()).layer, ...rec };
  }

  it('a heat map’s cells are painted on the canvas, where the SVG would put them, and not as elements', () => {
    const labels = { step: 'Step', layer: 'Layer', value: 'Norm' };
    const { canvas, svg, rects } = both(() =>
      layerStepHeatmapLive(
        {
          depth: 6,
          lanes: [
            { label: 'A', steps: steps(6, 45, 0.2) },
            { label: 'B', steps: steps(6, 45, 1, 3) },
          ],
        },
        { document, labels, ariaLabel: 'Heat' },
      ),
    );
    expect(canvas.querySelectorAll('rect')).toHaveLength(0);
    expect(canvas.querySelector('foreignObject[data-part="raster"] > canvas')).not.toBeNull();
    const want = [...svg.querySelectorAll('rect')].map((r) => [
      ...['x', 'y', 'width', 'height'].map((k) => Number(r.getAttribute(k))),
      r.getAttribute('fill'),
    ]);
    expect(want.length).toBeGreaterThan(100);
    expect(rects).toHaveLength(want.length);
    // Edges snapped to whole canvas pixels (the fake canvas is the frame's size: one pixel per unit).
    rects.forEach((r, i) => {
      r.slice(0, 4).forEach((v, k) => expect(Math.abs((v as number) - (want[i]![k] as number))).toBeLessThan(1));
      expect(r[4]).toBe(want[i]![4]);
    });
  });

  it('twenty lines of many points are stroked on the canvas through the same vertices; a short line stays SVG', () => {
    const live = () =>
      gradientOverStepsLive(
        { depth: 20, lanes: [{ label: '', steps: steps(20, 300, 0.5) }] },
        { document, labels: overLabels, ariaLabel: 'Over' },
      );
    const { canvas, svg, lines } = both(live);
    expect(canvas.querySelectorAll('path')).toHaveLength(0);
    const paths = [...svg.querySelectorAll('path')];
    expect(lines).toHaveLength(paths.length);
    samePoints(sorted(lines.flatMap((l) => l.points)), vertices(paths));
    expect(lines.map((l) => l.stroke)).toEqual(paths.map((p) => p.getAttribute('stroke')));
    // A loss curve has a few hundred points: its elements cost little, and it stays SVG.
    const loss = both(() =>
      lossCurveLive(
        { lanes: [{ label: '', steps: steps(4, 200, 0.5) }] },
        { document, labels: lossLabels, ariaLabel: 'Loss' },
      ),
    );
    expect(loss.lines).toHaveLength(0);
    expect(loss.canvas.querySelector('[data-part="raster"]')).toBeNull();
  });
});
