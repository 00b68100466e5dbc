/** Ids for islands, unique within one rendered page (label/for pairs must not collide across islands). */
export function nextIslandId(locals: App.Locals, prefix: string): string {
  const n = (locals.vgIslandCount ?? 0) + 1;
  locals.vgIslandCount = n;
  return `${prefix}${n}`;
}
