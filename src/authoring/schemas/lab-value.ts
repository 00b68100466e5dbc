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
 * `at` within the steps a reading can see (`last`, named in the message as `lastName`), and `window` only where the
 * reading is of one step (`stepwise`) and no longer than the steps before `at`; a `timeless` reading takes neither.
 */
export function checkReadingSteps(
  p: { value: string; at?: number | undefined; window: number },
  ctx: z.RefinementCtx,
  { last, lastName, stepwise, timeless }: { last: number; lastName: string; stepwise: boolean; timeless: boolean },
) {
  if (timeless && (p.at !== undefined || p.window !== 1)) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: `"${p.value}" takes neither "at" nor "window"` });
    return;
  }
  if (p.at !== undefined && p.at > last)
    ctx.addIssue({ code: 'custom', path: ['at'], message: `is ${p.at}, after ${lastName}` });
  if (!stepwise && p.window !== 1)
    ctx.addIssue({ code: 'custom', path: ['window'], message: `is ${p.window}, but "${p.value}" reads the run up to "at", not one step` });
  else if (p.window > (p.at ?? last))
    ctx.addIssue({ code: 'custom', path: ['window'], message: `is ${p.window}, longer than the steps before "at"` });
}
