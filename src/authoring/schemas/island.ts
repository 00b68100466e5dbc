/** Props every lab component takes, whatever its experiment. */
import { z } from 'zod';

/** Island ids, and so URL namespaces (`?<id>.depth=30`): short, lowercase, safe in a URL and in an element id. */
export const ISLAND_ID = /^[a-z][a-z0-9-]{0,23}$/;

export const islandProps = {
  /**
   * The island's name in shareable links (`?<id>.depth=30`). Defaults to its kind and position on the page
   * ("gt1"); set one to keep old links working when islands are added above it. Unique on the page.
   */
  id: z
    .string()
    .regex(ISLAND_ID, { message: 'a lowercase letter, then up to 23 lowercase letters, digits or "-"' })
    .optional(),
};

/**
 * `compare`: a second configuration, as the settings in which it differs from the first. The component then
 * opens in compare mode, both on the same seed and data, drawn on shared scales.
 */
export function compareProp<S extends z.AnyZodObject>(config: S) {
  return config.omit({ seed: true }).partial().strict().optional();
}

/** The second configuration of a comparison: the first, with the author's differences, validated again. */
export function secondConfig<C extends { seed: number }>(
  schema: { parse(value: unknown): C },
  first: C,
  compare: Record<string, unknown> | undefined,
): C | null {
  if (!compare) return null;
  const diff = Object.fromEntries(Object.entries(compare).filter(([, v]) => v !== undefined));
  return schema.parse({ ...first, ...diff, seed: first.seed });
}
