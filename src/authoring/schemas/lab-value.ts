/**
 * What every number-for-the-prose component of a lab takes besides the lab's own settings: which step to read, over
 * how many steps, how to print it, and the claim the sentence makes about it — and the checks that `at` and
 * `window` fit the run. <OutlierValue>, <PretrainingValue> and <ClippingValue> read the run of their lab with the
 * same settings and `steps`, and so default to the lab's own settings.
 */
import { z } from 'zod';

export function readingProps(maxSteps: number) {
  return {
    /** Which step to read; defaults to the last one. */
    at: z.number().int().min(1).max(maxSteps).optional(),
    /** Average over this many steps ending at `at` (minibatch values are noisy). */
    window: z.number().int().min(1).max(500).default(1),
    /** Significant digits. */
    digits: z.number().int().min(1).max(6).default(2),
    /** The claim the sentence makes about the number, checked when the page is built. */
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
  };
}

/**
 * `at` within the steps a reading can see (`last`, named in the message as `lastName`, by default the run's last
 * step), and `window` only where the
 * reading is of one step (`stepwise`) and no longer than the steps before `at`; a `timeless` reading takes neither.
 */
export function checkReadingSteps(
  p: { value: string; at?: number | undefined; window: number },
  ctx: z.RefinementCtx,
  {
    last,
    lastName = `the run's last step (steps = ${last})`,
    stepwise = true,
    timeless = false,
  }: { last: number; lastName?: string; stepwise?: boolean; timeless?: boolean },
) {
  if (timeless && (p.at !== undefined || p.window !== 1)) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: `"${p.value}" takes neither "at" nor "window"` });
    return;
  }
  if (p.at !== undefined && p.at > last)
    ctx.addIssue({ code: 'custom', path: ['at'], message: `is ${p.at}, after ${lastName}` });
  if (!stepwise && p.window !== 1)
    ctx.addIssue({
      code: 'custom',
      path: ['window'],
      message: `is ${p.window}, but "${p.value}" reads the run up to "at", not one step`,
    });
  else if (p.window > (p.at ?? last))
    ctx.addIssue({ code: 'custom', path: ['window'], message: `is ${p.window}, longer than the steps before "at"` });
}

/**
 * `layer` exactly where the reading is of one layer (`oneLayer`), and within the network: weight layers 1 … depth
 * for "gradient", hidden layers 1 … depth − 1 for the others. `network` names it in the message.
 */
export function checkLayer(
  p: { value: string; layer?: number | undefined },
  ctx: z.RefinementCtx,
  { depth, oneLayer, network = `a depth-${depth} network` }: { depth: number; oneLayer: boolean; network?: string },
) {
  if (oneLayer && p.layer === undefined)
    ctx.addIssue({ code: 'custom', path: ['layer'], message: `is missing: "${p.value}" reads one layer` });
  if (!oneLayer && p.layer !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['layer'],
      message: `is ${p.layer}, but "${p.value}" reads the whole network`,
    });
  const weights = p.value === 'gradient';
  const top = weights ? depth : depth - 1;
  if (oneLayer && p.layer !== undefined && p.layer > top)
    ctx.addIssue({
      code: 'custom',
      path: ['layer'],
      message: `is ${p.layer}, but ${network} has ${weights ? 'weight' : 'hidden'} layers 1 to ${top}`,
    });
}
