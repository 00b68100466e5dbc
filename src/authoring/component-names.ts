/**
 * The author components are the .astro files in `components/`: this list, read from the folder, is how the
 * Markdown plugins recognise them among other JSX in a chapter.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const COMPONENTS_DIR = fileURLToPath(new URL('../../components/', import.meta.url));

export function authorComponentNames(dir = COMPONENTS_DIR): Set<string> {
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.astro') && /^[A-Z]/.test(f))
      .map((f) => f.slice(0, -'.astro'.length)),
  );
}
