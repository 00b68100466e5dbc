/**
 * Where every reading of a run (readMlp, readNetwork, readClipping, readRemedy, readOutliers, readSequence,
 * readPretraining) looks: step `at` (1-based; default: the last of `length`), averaged over `window` steps ending
 * there (default 1). A step outside the run, or a window longer than the steps before it, is an error.
 */
export function readingWindow(
  length: number,
  options: { at?: number | undefined; window?: number | undefined },
  span = 'the run',
): { at: number; window: number } {
  const at = options.at ?? length;
  const window = options.window ?? 1;
  if (at < 1 || at > length) throw new RangeError(`step ${at} is outside ${span} (1…${length})`);
  if (window < 1 || window > at) throw new RangeError(`a window of ${window} steps does not fit before step ${at}`);
  return { at, window };
}
