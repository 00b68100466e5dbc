/**
 * The check behind every number-for-the-prose component: the sentence around the number states a claim
 * (`atLeast`, `atMost`), and the build stops at that line when the run no longer agrees with it.
 */
/** " in content/x.mdx:12" when the Markdown plugin recorded where the component was written, else nothing. */
export function whereOf(source: unknown): string {
  return typeof source === 'string' ? ` in ${source}` : '';
}

export function checkClaim(
  component: string,
  source: unknown,
  what: string,
  n: number,
  { atLeast, atMost }: { atLeast?: number | undefined; atMost?: number | undefined },
  fix = 'Rewrite the sentence or restore the run.',
): void {
  if ((atLeast === undefined || n >= atLeast) && (atMost === undefined || n <= atMost)) return;
  const where = whereOf(source);
  const claim = [atLeast !== undefined ? `at least ${atLeast}` : '', atMost !== undefined ? `at most ${atMost}` : '']
    .filter(Boolean)
    .join(' and ');
  throw new Error(`<${component}>${where}: ${what} is ${n}, but the prose claims ${claim}. ${fix}`);
}

/** A run that diverged cannot answer for a step at or after its divergence. */
export function checkNotDiverged(
  component: string,
  source: unknown,
  run: { reports: readonly unknown[]; divergence: { step: number } | null },
  at: number,
): void {
  if (run.divergence && at > run.reports.length) {
    const where = whereOf(source);
    throw new Error(`<${component}>${where}: the run diverged at step ${run.divergence.step}, before step ${at}`);
  }
}

/**
 * The number a reading asks of a run: for "diverged-at" the step at which it diverged (an error if it did not),
 * for any other reading `read()`, once it is sure that the run got as far as the step asked for.
 */
export function readRun<V extends string>(
  component: string,
  source: unknown,
  run: { reports: readonly unknown[]; divergence: { step: number } | null },
  { value, at, steps }: { value: V; at: number | undefined; steps: number },
  read: (at: number, value: Exclude<V, 'diverged-at'>) => number,
): number {
  if (value === 'diverged-at') {
    if (!run.divergence)
      throw new Error(
        `<${component}>${whereOf(source)}: the run did not diverge in ${steps} steps, but the prose says it does`,
      );
    return run.divergence.step;
  }
  checkNotDiverged(component, source, run, at ?? steps);
  return read(at ?? run.reports.length, value as Exclude<V, 'diverged-at'>);
}
