/**
 * The build-time side of a lab component with one or two configurations: a seeded run of each (shared through the
 * build's run cache), the prints a live run must reproduce, and the divergence messages for the static figure.
 */
import type { z } from 'zod';
import type { Experiment } from '../core/experiment';
import type { translator } from '../i18n';
import { fingerprint, type StaticPrint } from '../islands/kit/fingerprint';
import { LANE_LABELS } from '../islands/kit/use-lab';
import { buildRun, type BuildRun } from './runs';

export interface BuiltLanes<R> {
  runs: BuildRun<R>[];
  prints: (StaticPrint | null)[];
  /** "A", "B" when there are two configurations; "" for one. */
  labels: string[];
  alerts: string[];
}

export async function buildLanes<S extends z.ZodTypeAny, R>(
  experiment: Experiment<S, R>,
  configs: z.output<S>[],
  steps: number,
  t: ReturnType<typeof translator>,
): Promise<BuiltLanes<R>> {
  const runs = await Promise.all(configs.map((c) => buildRun(experiment, c, steps)));
  const labels = configs.map((_, i) => (configs.length > 1 ? LANE_LABELS[i]! : ''));
  const prints = runs.map((r) => {
    const last = r.reports.at(-1);
    return !r.divergence && last ? { step: r.reports.length, print: fingerprint(last) } : null;
  });
  const alerts = runs.flatMap((r, i) => {
    if (!r.divergence) return [];
    const quantity = t(`lab.quantity.${r.divergence.quantity}`);
    return [
      labels[i]
        ? t('lab.divergedLane', { lane: labels[i]!, step: r.divergence.step, quantity })
        : t('lab.diverged', { step: r.divergence.step, quantity }),
    ];
  });
  return { runs, prints, labels, alerts };
}

/** Each lane's configuration and the picture of its task after its last step, for the task's panel. */
export function taskLanes<C, R>(configs: readonly C[], built: BuiltLanes<R>) {
  return configs.map((config, i) => ({ label: built.labels[i]!, config, view: built.runs[i]!.view }));
}
