import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // tfjs-core publishes its gradients only as ES modules inside a CommonJS package: Vite must transform
        // tfjs itself, and resolve every tfjs import to the ES build so that there is one copy of its engine.
        ssr: { resolve: { mainFields: ['module', 'jsnext:main', 'jsnext'] } },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          server: { deps: { inline: [/@tensorflow\//] } },
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
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
