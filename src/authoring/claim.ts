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
): void {
  if ((atLeast === undefined || n >= atLeast) && (atMost === undefined || n <= atMost)) return;
  const where = whereOf(source);
  const claim = [atLeast !== undefined ? `at least ${atLeast}` : '', atMost !== undefined ? `at most ${atMost}` : '']
    .filter(Boolean)
    .join(' and ');
  throw new Error(`<${component}>${where}: ${what} is ${n}, but the prose claims ${claim}. Rewrite the sentence or restore the run.`);
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
