import { z } from 'zod';

export const exercisePropsSchema = z
  .object({
    /** A short title shown after "Exercise". */
    title: z.string().min(1).max(80).optional(),
  })
  .strict();
