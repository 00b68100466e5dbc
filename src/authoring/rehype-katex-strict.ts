/**
 * rehype-katex reports TeX it cannot render as a warning and prints the raw TeX in red. For a course that is a
 * broken formula shipped to every reader, so this plugin, placed after it, turns those warnings into a build
 * error naming the file, the line and KaTeX's reason.
 */
import path from 'node:path';
import type { Root } from 'hast';
import type { VFile } from 'vfile';

export class TexError extends Error {
  override name = 'TexError';
}

export function rehypeKatexStrict() {
  return (_tree: Root, file: VFile) => {
    const problems = file.messages.filter((m) => m.source === 'rehype-katex');
    if (problems.length === 0) return;
    const rel = file.path ? path.relative(file.cwd, file.path) : '<unknown file>';
    const lines = problems.map((m) => {
      const where = m.place && 'start' in m.place ? m.place.start.line : m.place?.line;
      const cause = m.cause instanceof Error ? m.cause.message : String(m.reason);
      return `  ${rel}${where ? `:${where}` : ''}: ${cause}`;
    });
    throw new TexError(
      `KaTeX cannot render ${problems.length === 1 ? 'a formula' : `${problems.length} formulas`}:\n${lines.join('\n')}`,
    );
  };
}
