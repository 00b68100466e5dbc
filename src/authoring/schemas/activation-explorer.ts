/** The props of <ActivationExplorer>: which activations, on which ranges, and where the reading starts. */
import { z } from 'zod';
import { ACTIVATION_IDS } from '../../core/catalog';
import { islandProps } from './island';

const activationList = z.array(z.enum(ACTIVATION_IDS)).min(1).max(ACTIVATION_IDS.length);

export const CURVE_SETS = ['both', 'f', 'df'] as const;

export const activationExplorerPropsSchema = z
  .object({
    /** The activations drawn at first. */
    activations: activationList.default(['sigmoid', 'tanh', 'relu']),
    /** The activations the reader may switch on and off (default: every one of the core's table). */
    choices: activationList.default([...ACTIVATION_IDS]),
    /** Draw f and f′, only f, or only f′. */
    show: z.enum(CURVE_SETS).default('both'),
    xMin: z.number().min(-20).max(20).default(-5),
    xMax: z.number().min(-20).max(20).default(5),
    yMin: z.number().min(-20).max(20).default(-1.5),
    yMax: z.number().min(-20).max(20).default(2),
    /** Where the reading (the values of every curve at one x) starts; the reader moves it by pointer or slider. */
    at: z.number().min(-20).max(20).default(2),
    /** Negative-side slope of Leaky ReLU. */
    leakyAlpha: z.number().min(0).max(1).default(0.01),
    /** ELU's saturation value −α. */
    eluAlpha: z.number().positive().max(5).default(1),
    ...islandProps,
  })
  .strict()
  .superRefine((p, ctx) => {
    const twice = p.activations.find((a, i) => p.activations.indexOf(a) !== i);
    if (twice) ctx.addIssue({ code: 'custom', path: ['activations'], message: `lists "${twice}" twice` });
    const missing = p.activations.filter((a) => !p.choices.includes(a));
    if (missing.length)
      ctx.addIssue({
        code: 'custom',
        path: ['activations'],
        message: `lists ${missing.map((m) => `"${m}"`).join(', ')}, which "choices" does not offer`,
      });
    if (!(p.xMin < p.xMax))
      ctx.addIssue({ code: 'custom', path: ['xMax'], message: `is ${p.xMax}, not above xMin (${p.xMin})` });
    if (!(p.yMin < p.yMax))
      ctx.addIssue({ code: 'custom', path: ['yMax'], message: `is ${p.yMax}, not above yMin (${p.yMin})` });
    if (p.at < p.xMin || p.at > p.xMax)
      ctx.addIssue({ code: 'custom', path: ['at'], message: `is ${p.at}, outside xMin…xMax (${p.xMin}…${p.xMax})` });
  });

export type ActivationExplorerProps = z.output<typeof activationExplorerPropsSchema>;

/** What the island receives: the author's settings, minus the page-only id. */
export type ExplorerSettings = Omit<ActivationExplorerProps, 'id'>;
