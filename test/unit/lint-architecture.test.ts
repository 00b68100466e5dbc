/**
 * The lint rule that guards the architecture (eslint.config.js): src/core/ is the DOM-free numerics that runs in
 * Node at build time and in the lab Worker, so an import from the figures, the islands or the Worker, or a use of
 * the DOM, fails `npm run lint` there, and the same code elsewhere does not.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const problems = async (code: string, filePath: string) =>
  (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => `${m.ruleId}: ${m.message}`);

describe('the src/core lint rule', () => {
  it('refuses an import from the figures, the islands or the Worker', async () => {
    for (const from of ['../figures/gradient-trace', '../islands/kit/motion', '../lab/client']) {
      const found = await problems(`import { x } from '${from}';\nexport const y = x;\n`, 'src/core/probe.ts');
      expect(found, from).toEqual([
        expect.stringMatching(/^no-restricted-imports: .*src\/core is the DOM-free numerics/),
      ]);
    }
  });

  it('refuses the DOM', async () => {
    const found = await problems('export const title = () => document.title;\n', 'src/core/probe.ts');
    expect(found).toEqual([expect.stringMatching(/^no-restricted-globals: .*no DOM/)]);
  });

  it('leaves the same code alone outside src/core, and core-to-core imports alone', async () => {
    expect(
      await problems(
        "import { x } from '../figures/panel';\nexport const y = () => [x, document.title];\n",
        'src/islands/probe.ts',
      ),
    ).toEqual([]);
    expect(
      await problems("import { createRng } from './random';\nexport const r = createRng(1);\n", 'src/core/probe.ts'),
    ).toEqual([]);
  });
});
