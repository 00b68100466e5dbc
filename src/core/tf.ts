/**
 * The one place the core imports TensorFlow.js from. tfjs-core ships its gradient definitions separately from
 * its ops; without this side-effect import `tf.variableGrads` fails with "gradient function not found".
 */
import './node-globals';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { tidy } from '@tensorflow/tfjs-core';

export * from '@tensorflow/tfjs-core';

/**
 * `tf.tidy` for a function that returns plain numbers (no tensor): run in a tidy that returns nothing, so that every
 * tensor made inside is freed and tfjs does not walk the result. `tf.tidy` searches what its function returns for
 * tensors to keep — every element of every array, a `for…in` over every object — and on a step's report that walk
 * costs time on every step and, in Chromium's V8, kept deoptimising the walker and the code around it: about a
 * hundred deoptimisations a second in the lab Worker, and half a core of background recompilation beside it.
 */
export function tidyNumbers<T>(fn: () => T): T {
  let out: { value: T } | null = null;
  tidy(() => {
    out = { value: fn() };
  });
  return (out as unknown as { value: T }).value;
}
