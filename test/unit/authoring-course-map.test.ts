/**
 * The home page's map of the course is read from the sidebar and the chapters' frontmatter (issue 13): a chapter
 * that `npm run new-chapter` adds to the sidebar appears on it, in both languages, without editing the home page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { courseMap, type ChapterData, type SidebarEntry } from '../../src/authoring/course-map';
import { addToSidebar } from '../../src/authoring/new-chapter.mjs';
import { sidebar } from '../../src/sidebar';

/** A chapter's frontmatter, as the content collection reads it. */
function frontmatter(id: string): ChapterData | undefined {
  const file = `content/${id}.mdx`;
  if (!existsSync(file)) return undefined;
  return load(/^---\n([\s\S]*?)\n---/.exec(readFileSync(file, 'utf8'))![1]!) as ChapterData;
}

describe('the course map', () => {
  it('lists the sidebar’s parts and their chapters, with titles and summaries, in English', () => {
    const parts = courseMap(sidebar as SidebarEntry[], frontmatter, 'en');
    expect(parts.map((p) => p.label)).toEqual(['Causes', 'Remedies']);
    expect(parts.map((p) => p.chapters.length)).toEqual([4, 6]);
    expect(parts[0]!.chapters[0]).toEqual({
      slug: 'causes/deep-networks',
      href: '/causes/deep-networks/',
      title: 'Deep networks and the chain rule',
      summary:
        'Backpropagation multiplies one factor per layer, so gradient norms shrink or grow exponentially with depth, and the layers near the input learn slowest.',
    });
  });

  it('in Chinese, under the base path', () => {
    const parts = courseMap(sidebar as SidebarEntry[], frontmatter, 'zh', '/courses/gradients/');
    expect(parts.map((p) => p.label)).toEqual(['成因', '解决方案']);
    expect(parts[1]!.chapters.at(-1)).toMatchObject({
      href: '/courses/gradients/zh/remedies/lstm/',
      summary: '带门控的记忆单元，让循环神经网络的梯度能够跨越很多个时间步。',
    });
  });

  it('gives every chapter a summary in both editions', () => {
    for (const locale of ['en', 'zh'] as const)
      for (const part of courseMap(sidebar as SidebarEntry[], frontmatter, locale))
        for (const c of part.chapters)
          expect(frontmatter(locale === 'zh' ? `zh/${c.slug}` : c.slug)?.summary, c.slug).toBeTruthy();
  });

  it('picks up a chapter new-chapter adds to the sidebar, with its description until it has a summary', async () => {
    const source = addToSidebar(readFileSync('src/sidebar.ts', 'utf8'), 'remedies/weight-decay');
    const added = (await import(
      `data:text/javascript,${encodeURIComponent(source.replace(/^\/\*\*[\s\S]*?\*\/\n/, ''))}`
    )) as {
      sidebar: SidebarEntry[];
    };
    const chapter = (id: string) =>
      id.endsWith('weight-decay') ? { title: 'Weight decay', description: 'TODO: one sentence.' } : frontmatter(id);
    const remedies = courseMap(added.sidebar, chapter, 'en')[1]!;
    expect(remedies.chapters.at(-1)).toEqual({
      slug: 'remedies/weight-decay',
      href: '/remedies/weight-decay/',
      title: 'Weight decay',
      summary: 'TODO: one sentence.',
    });
  });

  it('names a sidebar entry whose chapter does not exist', () => {
    const broken: SidebarEntry[] = [{ label: 'Causes', items: [{ slug: 'causes/nope' }] }];
    expect(() => courseMap(broken, frontmatter, 'zh')).toThrow(
      'src/sidebar.ts lists "causes/nope", but content/zh/causes/nope.mdx does not exist.',
    );
  });

  it('is the home page’s map in both editions, not a list typed by hand', () => {
    for (const file of ['content/index.mdx', 'content/zh/index.mdx']) {
      const home = readFileSync(file, 'utf8');
      expect(home).toMatch(/^<CourseMap \/>$/m);
      expect(home).not.toMatch(/^\d+\. \[[^\]]+\]\(\/(causes|remedies)\//m);
    }
  });
});
