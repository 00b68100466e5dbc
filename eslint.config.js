// ESLint (flat config) with typescript-eslint's recommended rules, and one rule that guards the architecture: the
// numerics in src/core/ run in Node at build time and in the lab Worker, so they import nothing from the figures,
// the islands, the Worker or the build helpers, and never touch the DOM.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test/e2e/.output/', 'bench/.out/', '.astro/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // `_` marks what a signature must name but a body does not use; `const { a, ...rest } = o` drops a.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/figures/**',
                '**/islands/**',
                '**/lab/**',
                '**/ssr/**',
                '**/authoring/**',
                '**/pages/**',
                'preact*',
                'astro*',
                '@observablehq/*',
                'linkedom',
              ],
              message: 'src/core is the DOM-free numerics: it imports only from src/core, tfjs and zod.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'location', 'HTMLElement', 'SVGElement'].map((name) => ({
          name,
          message: 'src/core runs in Node and in a Worker: no DOM.',
        })),
      ],
    },
  },
);
