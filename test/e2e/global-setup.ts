/** Serve the e2e build once for all e2e files; they reach it through `inject('site')`. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { E2E_BASE, E2E_OUT } from './paths.mjs';
import { serveStatic } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    site: { origin: string; base: string };
  }
}

export default async function setup(project: TestProject) {
  const root = path.resolve(E2E_OUT);
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`No e2e build in ${E2E_OUT}: run \`npm run test:build\` first (npm test does).`);
  }
  const site = await serveStatic(root, E2E_BASE);
  project.provide('site', { origin: site.origin, base: E2E_BASE });
  return () => site.close();
}
