/**
 * The build-time PNG encoder (src/figures/png.ts) and the heat maps drawn with it: a standard decoder (node:zlib)
 * reads the pixels back, the static heat map is a picture instead of a <rect> per cell, and rectangles that do not
 * tile a grid stay rectangles.
 */
import { inflateSync } from 'node:zlib';
import { parseHTML } from 'linkedom';
import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { encodePng, parseColor, pngDataUrl } from '../../src/figures/png';
import { rasterRects } from '../../src/figures/raster';

/** The chunks of a PNG file: type, data, and the CRC it stored. */
function chunks(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array; crc: number }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.push({ type, data: png.subarray(at + 8, at + 8 + length), crc: view.getUint32(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('encodePng', () => {
  it('writes a PNG whose pixels a standard inflater reads back, row by row', () => {
    const [width, height] = [3, 2];
    const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37) % 256);
    const png = encodePng(width, height, rgba);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [ihdr, idat, iend] = chunks(png);
    expect([ihdr!.type, idat!.type, iend!.type]).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(new DataView(ihdr!.data.buffer, ihdr!.data.byteOffset).getUint32(0)).toBe(width);
    expect(new DataView(ihdr!.data.buffer, ihdr!.data.byteOffset).getUint32(4)).toBe(height);
    expect([...ihdr!.data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    // The CRC of an empty IEND chunk is fixed by the format.
    expect(iend!.crc).toBe(0xae426082);
    const raw = inflateSync(idat!.data);
    expect(raw.length).toBe(height * (1 + width * 4));
    for (let y = 0; y < height; y++) {
      expect(raw[y * (1 + width * 4)]).toBe(0);
      expect([...raw.subarray(y * (1 + width * 4) + 1, (y + 1) * (1 + width * 4))]).toEqual([
        ...rgba.subarray(y * width * 4, (y + 1) * width * 4),
      ]);
    }
  });

  it('splits image data over 64 kB into several stored blocks', () => {
    const [width, height] = [200, 100];
    const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => i % 251);
    const raw = inflateSync(chunks(encodePng(width, height, rgba))[1]!.data);
    expect(raw.length).toBe(height * (1 + width * 4));
    expect(raw[raw.length - 1]).toBe(rgba[rgba.length - 1]);
  });

  it('refuses a size that does not match its pixels', () => {
    expect(() => encodePng(2, 2, new Uint8Array(12))).toThrow(/12 bytes for 2 × 2/);
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(/bad size/);
  });

  it('gives a data: URL', () => {
    expect(pngDataUrl(encodePng(1, 1, Uint8Array.of(1, 2, 3, 4)))).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });
});

describe('parseColor', () => {
  it("reads the colours Plot's scales give, and nothing else", () => {
    expect(parseColor('rgb(68, 1, 84)')).toEqual([68, 1, 84, 255]);
    expect(parseColor('rgba(68, 1, 84, 0.5)')).toEqual([68, 1, 84, 128]);
    expect(parseColor('#fde725')).toEqual([253, 231, 37, 255]);
    expect(parseColor('#abc')).toEqual([170, 187, 204, 255]);
    expect(parseColor('currentColor')).toBeNull();
    expect(parseColor('var(--x)')).toBeNull();
  });
});

describe('rasterRects({ grid: true }) at build time', () => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const figure = (cells: { x1: number; x2: number; y: number; v: number }[]) =>
    Plot.plot({
      document: document as unknown as Document,
      width: 300,
      height: 200,
      color: { type: 'linear', scheme: 'viridis' },
      marks: [
        Plot.rect(cells, {
          x1: 'x1',
          x2: 'x2',
          y1: (c) => c.y - 0.5,
          y2: (c) => c.y + 0.5,
          fill: 'v',
          inset: 0,
          render: rasterRects(0, { grid: true }),
        }),
      ],
    });

  it('draws cells on a lattice as one picture, a pixel per lattice step, and no rectangles', () => {
    // Columns of 10 steps and a shorter last one, as stepColumns makes them.
    const cells = [0, 10, 20, 25].flatMap((x1, k, all) =>
      k === all.length - 1 ? [] : [1, 2, 3].map((y) => ({ x1, x2: all[k + 1]!, y, v: x1 + y })),
    );
    const svg = figure(cells);
    expect(svg.querySelectorAll('rect').length).toBe(0);
    const images = [...svg.querySelectorAll('image')];
    expect(images.length).toBe(1);
    expect(images[0]!.getAttribute('style')).toBe('image-rendering:pixelated');
    // Columns 10, 10 and 5 steps wide on a lattice of 5: five pixels across, one per layer up.
    const png = Buffer.from(images[0]!.getAttribute('href')!.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([5, 3]);
  });

  it('leaves rectangles that do not tile a grid as rectangles', () => {
    const svg = figure([
      { x1: 0, x2: 10, y: 1, v: 1 },
      { x1: 3, x2: 13, y: 2, v: 2 },
    ]);
    expect(svg.querySelectorAll('image').length).toBe(0);
    expect(svg.querySelectorAll('rect').length).toBe(2);
  });
});
