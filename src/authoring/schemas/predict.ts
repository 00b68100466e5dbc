/**
 * The props of <Predict>: a question with a few choices about what the lab beside it is about to show. The words
 * (question, choices, answer) are the component's children, so both editions share these props exactly.
 */
import { z } from 'zod';

export const PREDICT_CHOICES = { min: 2, max: 5 } as const;

export const predictPropsSchema = z
  .object({
    /**
     * Which item of the list is right, counting from 1; the same in both editions, as the list's order is. (Not
     * `answer`: MDX hands a <Fragment slot="answer"> to the component as a prop of that name.)
     */
    correct: z.number().int().min(1).max(PREDICT_CHOICES.max),
    /** The id of the lab on the same page whose run holds the answer (its `id`, or its default: gt2, il1, …). */
    lab: z.string().regex(/^[a-z][a-z0-9-]*$/, 'an island id: lower-case letters, digits and "-", e.g. "gt1"'),
  })
  .strict();

export type PredictProps = z.output<typeof predictPropsSchema>;
