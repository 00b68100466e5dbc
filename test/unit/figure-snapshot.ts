/**
 * Figures tested as pictures, the way Observable Plot tests its own marks (test/plot-snapshot.js): each test
 * figure is serialised, its numbers rounded to two decimals (so that the last bits of floating point do not
 * matter), one element per line, and compared with a stored SVG under test/unit/__figures__/. On a mismatch the
 * new drawing is written next to it as `<name>-changed.svg` to open and compare; if the change is right, move it
 * over the stored file. A missing stored file is written on the first run (and fails on CI).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

const DIR = path.resolve('test/unit/__figures__');

export function normaliseSvg(markup: string): string {
  return (
    markup
      // 0.30000000000000004 → 0.3; -0.004 → 0
      .replace(/-?\d+\.\d+(e[+-]?\d+)?/gi, (d) => String(+(+d).toFixed(2) || 0))
      .replace(/></g, '>\n<')
      .trim() + '\n'
  );
}

export function expectFigure(name: string, figure: Element): void {
  const actual = normaliseSvg(figure.outerHTML);
  const stored = path.join(DIR, `${name}.svg`);
  const changed = path.join(DIR, `${name}-changed.svg`);
  mkdirSync(DIR, { recursive: true });
  if (!existsSync(stored)) {
    if (process.env.CI) throw new Error(`no stored figure ${path.relative(process.cwd(), stored)}`);
    writeFileSync(stored, actual);
    console.warn(`wrote ${path.relative(process.cwd(), stored)}: look at it before committing it`);
    return;
  }
  const expected = readFileSync(stored, 'utf8');
  if (actual === expected) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  expect.fail(
    `${name}: the figure changed; compare ${path.relative(process.cwd(), changed)} with ${path.relative(process.cwd(), stored)}`,
  );
}

/** A figure is an accessible image: role img, a name, a description; and nothing NaN or infinite reaches the drawing. */
export function accessible(figure: Element): void {
  const svg = figure.tagName.toLowerCase() === 'svg' ? figure : figure.querySelector('svg')!;
  expect(svg.getAttribute('role')).toBe('img');
  expect(svg.getAttribute('aria-label')).toBeTruthy();
  expect(svg.querySelector('desc')?.textContent).toBeTruthy();
  expect(figure.outerHTML).not.toMatch(/NaN|Infinity/);
}

/** A small deterministic generator (an LCG), so test data needs no seed plumbing. */
export function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
