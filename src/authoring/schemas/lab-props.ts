/**
 * The two schemas of a lab component on the island kit: the configuration of one lane (what the experiment runs
 * and a shareable link may change), and the props an author writes — the settings the lab exposes, with the
 * defaults of its story, plus how the page shows it (`steps`, `maxSteps`, `compare`, `id`).
 */
import { z } from 'zod';
import { MAX_STATIC_STEPS } from './gradient-trace';
import { compareProp, islandProps } from './island';

/** `object` with this lab's own defaults: the same types and bounds, only the defaults differ. */
export function withDefaults<T extends z.AnyZodObject>(object: T, defaults: Partial<z.input<T>>): T {
  const shape: Record<string, z.ZodTypeAny> = { ...object.shape };
  for (const [k, v] of Object.entries(defaults)) {
    const field = shape[k];
    if (!field) throw new Error(`withDefaults: no field "${k}"`);
    shape[k] = (field instanceof z.ZodDefault ? field.removeDefault() : field).default(v);
  }
  return z.object(shape).strict() as unknown as T;
}

export interface ShowProps {
  /** Default training steps of the build-time run. */
  steps: number;
  /** Largest `steps` an author may ask for (the build pays for them). */
  maxStaticSteps?: number;
  /** Default step at which a live run stops. */
  maxSteps?: number;
}

/** The author's props: the lab's settings, and how the page shows them. */
export function labPropsOf<T extends z.ZodRawShape>(config: z.ZodObject<T, 'strict'>, show: ShowProps) {
  return config
    .extend({
      /** Training steps of the build-time run that the static figure shows. */
      steps: z
        .number()
        .int()
        .min(1)
        .max(show.maxStaticSteps ?? MAX_STATIC_STEPS)
        .default(show.steps),
      /** Where a live run stops by itself. */
      maxSteps: z
        .number()
        .int()
        .min(1)
        .max(20000)
        .default(show.maxSteps ?? 2000),
      compare: compareProp(config),
      ...islandProps,
    })
    .strict();
}
