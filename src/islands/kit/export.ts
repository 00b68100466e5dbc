/**
 * Taking a run home: the trace as CSV or JSON, the figure as SVG or PNG, downloaded from a Blob URL (no server).
 * The table and file-name functions are pure and tested in Node; the rest needs a browser.
 */

export interface ExportLane {
  /** "A", "B" in compare mode. */
  label: string;
  config: Record<string, unknown>;
  reports: readonly object[];
  /** The step at which the lane stopped being finite, and what overflowed; its reports end the step before. */
  divergence?: { step: number; quantity: string } | null;
}

/** A report as one CSV row: lists become numbered columns (`gradNorms_1`, …; `histograms_2_5` for a list of lists). */
export function flattenReport(report: object): Record<string, number | string | boolean> {
  const row: Record<string, number | string | boolean> = {};
  const put = (key: string, v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => put(`${key}_${i + 1}`, x));
    else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') row[key] = v;
  };
  for (const [k, v] of Object.entries(report)) put(k, v);
  return row;
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  // Quote what a spreadsheet would misread; a leading =, +, - or @ is written as text, never as a formula.
  if (/^[=+@]/.test(s) || (s.startsWith('-') && Number.isNaN(Number(s)))) return `"'${s.replaceAll('"', '""')}"`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Rows → CSV, with a header made of every key in first-seen order. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const header: string[] = [];
  const seen = new Set<string>();
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        header.push(k);
      }
  return (
    [header.map(csvCell).join(','), ...rows.map((r) => header.map((k) => csvCell(r[k])).join(','))].join('\n') + '\n'
  );
}

/**
 * Every report of every lane, one row per step (a `config` column first when comparing). A lane that diverged ends
 * with a row for the step it diverged at, its `diverged` column saying what overflowed and its numbers left empty:
 * a run that overflows at step 1 exports a header and that row, not an empty file.
 */
export function traceCsv(lanes: readonly ExportLane[]): string {
  const rows = lanes.flatMap((lane) => {
    const rows: Record<string, unknown>[] = lane.reports.map(flattenReport);
    if (lane.divergence) rows.push({ step: lane.divergence.step, diverged: lane.divergence.quantity });
    return lanes.length > 1 ? rows.map((r) => ({ config: lane.label, ...r })) : rows;
  });
  return toCsv(rows);
}

export function traceJson(
  component: string,
  lanes: readonly ExportLane[],
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify(
    {
      component,
      ...extra,
      runs: lanes.map((l) => ({
        label: l.label,
        config: l.config,
        steps: l.reports.length,
        // "Diverged at step k": reports end at k − 1 (none when k is 1).
        ...(l.divergence !== undefined && { divergence: l.divergence }),
        reports: l.reports,
      })),
    },
    null,
    1,
  );
}

/**
 * `gradient-trace_sigmoid-depth20_vs_relu-depth20_seed1_step200.csv`: the component, each configuration's settings,
 * what they share (the seed) and the step, in characters every file system accepts.
 */
export function exportFilename(
  component: string,
  tags: readonly string[],
  step: number | null,
  ext: string,
  shared: readonly string[] = [],
): string {
  const safe = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60);
  const parts = [
    safe(component),
    tags.map(safe).filter(Boolean).join('_vs_'),
    ...shared.map(safe),
    step === null ? '' : `step${step}`,
  ].filter(Boolean);
  return `${parts.join('_')}.${ext}`;
}

export function download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The panels inside `container` (each `.vg-panel`: a title and a Plot <svg>) as one standalone SVG document, laid
 * out as the reader sees them, in the theme's current colours (Plot draws axes in currentColor).
 */
export function figureSvg(container: Element): { svg: string; width: number; height: number; background: string } {
  const box = container.getBoundingClientRect();
  const style = getComputedStyle(container);
  const figure = container.closest('.vg-figure') ?? container;
  const background = getComputedStyle(figure).backgroundColor || '#ffffff';
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute(
    'style',
    `color: ${style.color}; --plot-background: ${background}; font-family: ${style.fontFamily}`,
  );
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  root.append(bg);
  // The figures' own style sheets are the page's (see asImage): give the file the one rule its text needs.
  const sheet = document.createElementNS(SVG_NS, 'style');
  sheet.textContent = 'text, tspan { white-space: pre; }';
  root.append(sheet);
  for (const panel of container.querySelectorAll('.vg-panel')) {
    const svg = panel.querySelector('svg');
    if (!svg) continue;
    const title = panel.querySelector('.vg-panel__title');
    const r = svg.getBoundingClientRect();
    if (title?.textContent) {
      const tr = title.getBoundingClientRect();
      const ts = getComputedStyle(title);
      const size = parseFloat(ts.fontSize) || 12;
      const text = document.createElementNS(SVG_NS, 'text');
      text.setAttribute('fill', 'currentColor');
      text.setAttribute('font-size', String(size));
      text.setAttribute('font-weight', ts.fontWeight);
      // SVG text does not wrap: break the title into the lines it takes on the page.
      wrapText(title.textContent, tr.width, `${ts.fontWeight} ${size}px ${ts.fontFamily}`).forEach((line, i) => {
        const span = document.createElementNS(SVG_NS, 'tspan');
        span.setAttribute('x', String(Math.round(tr.left - box.left)));
        span.setAttribute('y', String(Math.round(tr.top - box.top + size * (1 + i * 1.35))));
        span.textContent = line;
        text.append(span);
      });
      root.append(text);
    }
    const copy = svg.cloneNode(true) as SVGSVGElement;
    inlineCanvases(svg, copy);
    const vb = svg.viewBox.baseVal;
    if (vb && vb.width > 0) copy.setAttribute('viewBox', `${vb.x} ${vb.y} ${vb.width} ${vb.height}`);
    copy.setAttribute('x', String(Math.round(r.left - box.left)));
    copy.setAttribute('y', String(Math.round(r.top - box.top)));
    copy.setAttribute('width', String(Math.round(r.width)));
    copy.setAttribute('height', String(Math.round(r.height)));
    copy.removeAttribute('style');
    root.append(copy);
  }
  const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
  return { svg, width, height, background };
}

/**
 * Dense marks are drawn on canvases inside <foreignObject> (src/figures/raster.ts, live-layer.ts); a clone copies no
 * pixels, and an SVG file or an <img> shows no foreign content: in `copy` (a clone of `svg`), each becomes the
 * picture its canvas holds, as an <image> of the same box.
 */
function inlineCanvases(svg: SVGSVGElement, copy: SVGSVGElement): void {
  const drawn = svg.querySelectorAll('foreignObject > canvas');
  copy.querySelectorAll('foreignObject > canvas').forEach((clone, i) => {
    const host = clone.parentElement!;
    const image = document.createElementNS(SVG_NS, 'image');
    for (const k of ['x', 'y', 'width', 'height']) image.setAttribute(k, host.getAttribute(k) ?? '0');
    image.setAttribute('preserveAspectRatio', 'none');
    image.setAttribute('href', (drawn[i] as HTMLCanvasElement).toDataURL());
    host.replaceWith(image);
  });
}

/** Greedy line breaking at spaces (and between CJK characters), measured in `font`. */
function wrapText(text: string, width: number, font: string): string[] {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return [text];
  ctx.font = font;
  const tokens = text.match(/[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/g) ?? [text];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line && ctx.measureText(line + token).width > width) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else line += token;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** Rasterise an SVG document at `scale`× its size (for sharp text on high-density screens). */
export async function svgToPng(
  svg: string,
  width: number,
  height: number,
  background: string,
  scale = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas');
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
