/**
 * `npm start` survives an author's mistake (issue 13). `astro dev` runs in a temporary copy of the project, with a
 * fixture chapter whose lab trains a tiny network when the page renders, so the TensorFlow.js wasm backend starts
 * in the server's process (its Emscripten glue used to add process-wide listeners that rethrew every unhandled
 * rejection, src/ssr/backend.ts). The test breaks the chapter's frontmatter, saves it half-written and misspells a
 * prop; the overlay names the chapter's line each time, the server stays up and serves the page again once the
 * chapter is mended. An edit to src/sidebar.ts shows without a restart. The copy leaves the shared tree alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './harness';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const PROJECT = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'components', 'content', 'public'];
const SLUG = 'dev-server-fixture';
const CHAPTER = `content/${SLUG}.mdx`;
const FIXTURE = `---
title: Dev server fixture
description: A chapter the dev-server test breaks and mends.
---
import GradientTrace from '@components/GradientTrace.astro';

A two-layer network, trained for a few steps when the page renders.

<GradientTrace depth={2} steps={5} />
`;
const PROP_LINE = FIXTURE.split('\n').findIndex((l) => l.startsWith('<GradientTrace')) + 1;

/**
 * node_modules, hard-linked: a copy in a second, and the dependencies' real paths stay inside the copy (symbolic
 * links send Vite and Astro to the shared tree's files). The caches at its top (.vite, .astro, the run cache) are
 * left out, so the copy writes its own and never through a link into the shared tree's.
 */
function linkTree(from: string, to: string, top = true): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (top && e.name.startsWith('.')) continue;
    const [src, dst] = [path.join(from, e.name), path.join(to, e.name)];
    if (e.isDirectory()) linkTree(src, dst, false);
    else if (e.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst); // another file system
      }
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('npm start', () => {
  let dir: string;
  let server: ChildProcess;
  let log = '';
  let origin: string;
  let browser: Browser;
  let page: Page;

  const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);
  const alive = () => expect(server.exitCode, `astro dev exited; its output:\n${log}`).toBeNull();

  /** Polls the page until it answers `status` (the watcher sees a save within a second or two). */
  async function until(status: number, timeout = 30_000): Promise<string> {
    const end = Date.now() + timeout;
    let last = '';
    while (Date.now() < end) {
      alive();
      const response = await fetch(`${origin}/${SLUG}/`).catch(() => null);
      last = (await response?.text()) ?? '';
      if (response?.status === status) return last;
      await sleep(300);
    }
    throw new Error(
      `/${SLUG}/ did not answer ${status} within ${timeout} ms; last body:\n${last.slice(0, 500)}\n${log}`,
    );
  }

  /** The file and line the error overlay names, in its header's title (the absolute path, line and column). */
  async function overlayLocation(): Promise<string> {
    await page.goto(`${origin}/${SLUG}/`);
    const header = page.locator('vite-error-overlay #code h2');
    await header.waitFor({ timeout: 20_000 });
    return (await header.getAttribute('title')) ?? '';
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vg-dev-server-'));
    for (const p of PROJECT) cpSync(path.join(REPO, p), path.join(dir, p), { recursive: true });
    linkTree(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
    // Both editions: a chapter in one language only stops the server at its start (src/authoring/editions.ts).
    write(CHAPTER, FIXTURE);
    write(`content/zh/${SLUG}.mdx`, FIXTURE);
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, RUN_CACHE: 'off', ASTRO_TELEMETRY_DISABLED: '1' };
    for (const name of ['BASE_PATH', 'OUT_DIR', 'CACHE_DIR', 'NODE_OPTIONS']) delete env[name];
    server = spawn(
      process.execPath,
      [path.join(dir, 'node_modules/astro/astro.js'), 'dev', '--port', String(port), '--host', '127.0.0.1'],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout!.on('data', (d) => (log += d));
    server.stderr!.on('data', (d) => (log += d));
    browser = await launch();
    page = await browser.newPage();
    await until(200, 120_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows a frontmatter error in the overlay at the chapter line, and serves the page again once it is mended', async () => {
    // The page trained its lab: the wasm backend has started in this process.
    expect(await until(200)).toContain('Dev server fixture');
    // A colon in a title, the classic YAML mistake: js-yaml stops at line 2.
    write(CHAPTER, FIXTURE.replace('title: Dev server fixture', 'title: Dev server fixture: broken'));
    await until(500);
    expect(await overlayLocation()).toContain(`${CHAPTER}:2:`);
    alive();
    write(CHAPTER, FIXTURE);
    expect(await until(200)).toContain('Dev server fixture');
  });

  it('survives a save the watcher reads half-written', async () => {
    write(CHAPTER, '');
    await sleep(1_500);
    write(CHAPTER, FIXTURE.slice(0, 40));
    await sleep(1_500);
    alive();
    write(CHAPTER, FIXTURE);
    await sleep(1_000);
    expect(await until(200)).toContain('Dev server fixture');
  });

  it("names the chapter's line for a wrong prop, not the code that validates it", async () => {
    write(CHAPTER, FIXTURE.replace('depth={2}', 'depth={500}'));
    await until(500);
    const location = await overlayLocation();
    expect(location).toContain(`${CHAPTER}:${PROP_LINE}:`);
    expect(await page.locator('vite-error-overlay #message-content').textContent()).toContain('"depth" is 500');
    write(CHAPTER, FIXTURE);
    await until(200);
  });

  it('picks up an edit to the sidebar without a restart', async () => {
    const sidebar = readFileSync(path.join(dir, 'src/sidebar.ts'), 'utf8');
    expect(sidebar).toContain("label: 'Causes',");
    write('src/sidebar.ts', sidebar.replace("label: 'Causes',", "label: 'Causes of it all',"));
    const end = Date.now() + 60_000;
    let html = '';
    while (Date.now() < end && !html.includes('Causes of it all')) {
      alive();
      await sleep(500);
      html = await fetch(`${origin}/${SLUG}/`)
        .then((r) => r.text())
        .catch(() => '');
    }
    expect(html, log).toContain('Causes of it all');
  });
});
