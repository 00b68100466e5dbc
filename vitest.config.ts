import { defineConfig } from 'vitest/config';

// tfjs-core publishes its gradients only as ES modules inside a CommonJS package: Vite must transform tfjs itself,
// and resolve every tfjs import to the ES build so that there is one copy of its engine. Pre-bundled into a few
// files (as `astro dev` does), tfjs loads in well under a second in each test file, instead of several seconds as
// hundreds of modules; the setup file then shows the bundled wasm backend where its .wasm files are.
const tfjsInNode = {
  ssr: { resolve: { mainFields: ['module', 'jsnext:main', 'jsnext'] } },
  server: { deps: { inline: [/@tensorflow\//] } },
  deps: {
    optimizer: {
      ssr: {
        enabled: true,
        include: [
          '@tensorflow/tfjs-core',
          '@tensorflow/tfjs-core/dist/register_all_gradients.js',
          '@tensorflow/tfjs-backend-cpu',
          '@tensorflow/tfjs-backend-wasm',
        ],
      },
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ssr: tfjsInNode.ssr,
        test: {
          // Pure functions, schemas, figures, gradients and short runs: seconds, not minutes.
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // A worker thread starts in a fraction of a child process's time; most unit files run for well under
          // a second, so the start is much of their cost.
          pool: 'threads',
          testTimeout: 60_000,
          server: tfjsInNode.server,
          deps: tfjsInNode.deps,
          setupFiles: ['test/support/tfjs-wasm-paths.ts'],
        },
      },
      {
        ssr: tfjsInNode.ssr,
        test: {
          // The phenomena and the chapters' claims, on full-length runs read through the run cache that the build
          // shares (src/ssr/runs.ts). Their training yields to the event loop (src/ssr/sliced-run.ts), so a long
          // test never keeps its worker from answering vitest; it may still take minutes on a busy machine.
          name: 'claims',
          include: ['test/claims/**/*.test.ts'],
          environment: 'node',
          pool: 'threads',
          testTimeout: 600_000,
          hookTimeout: 600_000,
          server: tfjsInNode.server,
          deps: tfjsInNode.deps,
          setupFiles: ['test/support/tfjs-wasm-paths.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One browser and one server for every e2e file, in one process.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          // Tests marked concurrent (the accessibility audits) run this many pages at once.
          maxConcurrency: 3,
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
