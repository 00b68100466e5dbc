/**
 * Ids for islands, unique within one rendered page: label/for pairs must not collide across islands, and the id
 * is the island's namespace in shareable links. Counting islands in page order keeps the ids stable from one build
 * to the next; an author's own id takes the place of the count, and may appear only once on a page.
 */
export function nextIslandId(locals: App.Locals, prefix: string, given?: string): string {
  const n = (locals.vgIslandCount ?? 0) + 1;
  locals.vgIslandCount = n;
  const id = given ?? `${prefix}${n}`;
  const used = (locals.vgIslandIds ??= new Set());
  if (used.has(id)) throw new Error(`Two islands on one page have the id "${id}": give each its own \`id\` prop.`);
  used.add(id);
  return id;
}
