/**
 * tfjs-core's ES build calls `require('util')` when it detects Node, and the wasm backend's Emscripten loader
 * reads `__dirname`. Inside Vite's server bundles (the build's figure rendering, `astro dev`) neither exists,
 * so provide them before tfjs is evaluated. In a browser or Worker there is no `process` and this does
 * nothing; `process.getBuiltinModule` (Node ≥ 20.16) keeps any `node:` import out of the browser bundle.
 */
const g = globalThis as {
  require?: unknown;
  __dirname?: string;
  process?: { getBuiltinModule?: (id: string) => unknown; cwd(): string };
};
if (typeof g.process?.getBuiltinModule === 'function') {
  if (typeof g.require === 'undefined') {
    const { createRequire } = g.process.getBuiltinModule('node:module') as typeof import('node:module');
    g.require = createRequire(import.meta.url);
  }
  // Only Emscripten's default file location uses it; the backend is always given explicit wasm paths in Node.
  if (typeof g.__dirname === 'undefined') g.__dirname = g.process.cwd();
}

export {};
