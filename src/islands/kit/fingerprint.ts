/**
 * A short digest of a report, so that a live run can show it computed exactly what the build computed without
 * the page carrying the build's whole report: FNV-1a over the report's JSON, which Node and browsers print the
 * same way for the same numbers (shortest round-trip decimal).
 */
export function fingerprint(report: unknown): string {
  const s = JSON.stringify(report);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${s.length.toString(36)}-${h.toString(36)}`;
}

/** The build-time run's last report of one configuration, as a live run of the same settings must reproduce it. */
export interface StaticPrint {
  step: number;
  print: string;
}
