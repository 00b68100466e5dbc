/**
 * Build-time pictures of cells (src/figures/raster.ts: one PNG pixel per lattice cell) read back as the rectangles
 * they show, so that tests can hold them to what Plot, or the live layer, draws as rectangles.
 */
import { inflateSync } from 'node:zlib';

/**
 * The cells a build-time picture shows (a pixel per cell; transparent pixels are no cell), as <rect> elements in the
 * figure's units, added beside the picture (so that their ancestors' transforms apply to them too).
 */
export function cellsOf(image: Element): Element[] {
  const bytes = Buffer.from(image.getAttribute('href')!.replace(/^data:image\/png;base64,/, ''), 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [cols, rows] = [view.getUint32(16), view.getUint32(20)];
  const idat = bytes.subarray(41, 41 + view.getUint32(33));
  const raw = inflateSync(idat);
  const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(image.getAttribute(k)));
  const out: Element[] = [];
  for (let j = 0; j < rows; j++)
    for (let i = 0; i < cols; i++) {
      const p = j * (1 + cols * 4) + 1 + i * 4;
      if (raw[p + 3] === 0) continue;
      const rect = image.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('x', String(x! + (i * w!) / cols));
      rect.setAttribute('y', String(y! + (j * h!) / rows));
      rect.setAttribute('width', String(w! / cols));
      rect.setAttribute('height', String(h! / rows));
      rect.setAttribute('fill', `rgb(${raw[p]}, ${raw[p + 1]}, ${raw[p + 2]})`);
      image.parentElement!.appendChild(rect);
      out.push(rect);
    }
  return out;
}
