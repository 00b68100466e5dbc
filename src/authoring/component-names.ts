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

/**
 * The value components (`<TraceValue>`, `<NetworkValue>`, …): one number inside a sentence. They are named
 * `…Value`, and the Markdown plugins keep them inline wherever they sit in the source line.
 */
export function valueComponentNames(dir = COMPONENTS_DIR): Set<string> {
  return new Set([...authorComponentNames(dir)].filter((name) => name.endsWith('Value')));
}
