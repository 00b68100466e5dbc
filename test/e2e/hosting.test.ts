/** What a host receives in the build: precompressed files beside every text asset (astro-compressor). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { E2E_OUT } from './paths.mjs';

const files = (readdirSync(E2E_OUT, { recursive: true }) as string[]).map((f) => path.join(E2E_OUT, f));
const TEXT = /\.(html|css|js|mjs|json|svg|xml|txt|wasm)$/;

describe('precompressed files', () => {
  it('sit beside every page, script, stylesheet and wasm binary, as .gz and .br of the same bytes', () => {
    const assets = files.filter((f) => TEXT.test(f));
    expect(assets.length).toBeGreaterThan(50);
    const missing = assets.filter((f) => !files.includes(`${f}.gz`) || !files.includes(`${f}.br`));
    expect(missing).toEqual([]);
    for (const f of assets.filter((a) => /index\.html$|\.wasm$|worker-[^/]*\.js$/.test(a)).slice(0, 12)) {
      const raw = readFileSync(f);
      expect(gunzipSync(readFileSync(`${f}.gz`)).equals(raw), f).toBe(true);
      expect(brotliDecompressSync(readFileSync(`${f}.br`)).equals(raw), f).toBe(true);
    }
  });
});
