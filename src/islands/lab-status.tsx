/** The live status line's numbers for the labs: each lane's latest loss, named "A · …" when comparing. */
import type { translator } from '../i18n';
import { formatNumber } from '../i18n/numbers';

export function lossStatus<R extends { loss: number }>(
  t: ReturnType<typeof translator>,
  lanes: readonly { label: string; reports: readonly R[] }[],
) {
  return lanes.map((l) => {
    const last = l.reports.at(-1);
    return last ? (
      <span key={l.label}>
        {(l.label ? `${l.label} · ` : '') + t('lab.lossValue', { loss: formatNumber(last.loss, 3) })}
      </span>
    ) : null;
  });
}
