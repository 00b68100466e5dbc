/**
 * A minimal PNG encoder for small pictures made at build time: 8-bit RGBA, no filter, the image data in stored
 * (uncompressed) deflate blocks — the pictures are a pixel per heat-map cell, a few kilobytes at most, and the page
 * is compressed as a whole by the host (and in dist/'s .br and .gz files). Pure TypeScript: it runs wherever the
 * figures are built, without node:zlib or a canvas.
 */

let crcTable: Uint32Array | null = null;

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let c = 0xffffffff;
  for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

function chunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i++) typed[i] = type.charCodeAt(i);
  typed.set(data, 4);
  return [...u32(data.length), ...typed, ...u32(crc32(typed))];
}

/** A zlib stream of `raw` in stored blocks (RFC 1950/1951). */
function zlibStored(raw: Uint8Array): Uint8Array {
  const out: number[] = [0x78, 0x01];
  const MAX = 65535;
  for (let at = 0; at < raw.length; at += MAX) {
    const block = raw.subarray(at, Math.min(raw.length, at + MAX));
    const last = at + MAX >= raw.length;
    out.push(last ? 1 : 0, block.length & 0xff, block.length >>> 8, ~block.length & 0xff, (~block.length >>> 8) & 0xff);
    for (const b of block) out.push(b);
  }
  out.push(...u32(adler32(raw)));
  return Uint8Array.from(out);
}

/** `rgba` (width × height × 4 bytes, rows top first) as PNG bytes. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0))
    throw new Error(`png: bad size ${width} × ${height}`);
  if (rgba.length !== width * height * 4)
    throw new Error(`png: ${rgba.length} bytes for ${width} × ${height} RGBA pixels`);
  // Each row starts with its filter type (0: none).
  const raw = new Uint8Array(height * (1 + width * 4));
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (1 + width * 4) + 1);
  const header = Uint8Array.from([...u32(width), ...u32(height), 8, 6, 0, 0, 0]);
  return Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', header),
    ...chunk('IDAT', zlibStored(raw)),
    ...chunk('IEND', new Uint8Array(0)),
  ]);
}

/** PNG bytes as a data: URL. */
export function pngDataUrl(png: Uint8Array): string {
  let binary = '';
  for (const b of png) binary += String.fromCharCode(b);
  return `data:image/png;base64,${btoa(binary)}`;
}

/** A CSS colour as Plot's colour scales give it ("rgb(r, g, b)", "rgba(…)", "#rrggbb", "#rgb") in RGBA bytes; null
 * for anything else. */
export function parseColor(color: string): [number, number, number, number] | null {
  const s = color.trim();
  const rgb = s.match(/^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? parseFloat(rgb[4]) / 100 : parseFloat(rgb[4]);
    return [+rgb[1]!, +rgb[2]!, +rgb[3]!, alpha * 255].map((v) => Math.max(0, Math.min(255, Math.round(v)))) as [
      number,
      number,
      number,
      number,
    ];
  }
  const hex = s.match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)).concat(255) as [number, number, number, number];
  }
  return null;
}
