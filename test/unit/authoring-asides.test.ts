/**
 * Starlight's asides (`:::note`, `:::tip`, `:::caution`, `:::danger`) render in the chapters, in the chapter's
 * language, and headings keep their ids with an anchor link beside them. The chapters are compiled through the
 * Markdown plugins of the course's own astro.config.mjs and those Starlight adds when that configuration sets it up,
 * so the test fails if the configuration stops telling Starlight about content/ (`markdown.processedDirs`).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '@mdx-js/mdx';
import type { AstroIntegration, AstroUserConfig } from 'astro';
import remarkGfm from 'remark-gfm';
import { VFile } from 'vfile';
import { beforeAll, describe, expect, it } from 'vitest';

type Plugins = NonNullable<Parameters<typeof compile>[1]>['remarkPlugins'];

const root = process.cwd();
// Loaded by path, not imported by name: type-checking the configuration's imports would type-check Starlight's
// sources, whose types need the virtual modules only `astro check` provides.
const CONFIG = path.join(root, 'astro.config.mjs');
let config: AstroUserConfig;
let remarkPlugins: Plugins = [];
let rehypePlugins: Plugins = [];

/** The plugins Starlight adds to the Markdown configuration when Astro sets the course up. */
async function starlightMarkdownPlugins() {
  const integrations = (config.integrations ?? []).flat() as (AstroIntegration | false | null | undefined)[];
  const starlight = integrations.find((i): i is AstroIntegration => !!i && i.name === '@astrojs/starlight');
  const setup = starlight?.hooks['astro:config:setup'] as unknown as (options: object) => Promise<void>;
  const markdown: { remarkPlugins: Plugins[]; rehypePlugins: Plugins[] } = { remarkPlugins: [], rehypePlugins: [] };
  const noop = () => undefined;
  await setup({
    command: 'build',
    isRestart: false,
    config: {
      ...config,
      root: pathToFileURL(`${root}/`),
      srcDir: pathToFileURL(`${root}/src/`),
      integrations: [...(config.integrations ?? [])],
      publicDir: pathToFileURL(`${root}/public/`),
      build: { format: 'directory' },
      experimental: {},
      legacy: {},
    },
    addMiddleware: noop,
    injectRoute: noop,
    logger: { info: noop, warn: noop, error: noop, debug: noop, fork: () => ({ info: noop, warn: noop }) },
    updateConfig(update: { markdown?: { remarkPlugins?: Plugins; rehypePlugins?: Plugins } }) {
      if (update.markdown?.remarkPlugins) markdown.remarkPlugins.push(update.markdown.remarkPlugins);
      if (update.markdown?.rehypePlugins) markdown.rehypePlugins.push(update.markdown.rehypePlugins);
    },
  });
  return { remark: markdown.remarkPlugins.flat(), rehype: markdown.rehypePlugins.flat() };
}

beforeAll(async () => {
  config = ((await import(/* @vite-ignore */ pathToFileURL(CONFIG).href)) as { default: AstroUserConfig }).default;
  const starlight = await starlightMarkdownPlugins();
  remarkPlugins = [remarkGfm, ...(config.markdown?.remarkPlugins ?? []), ...(starlight.remark ?? [])] as Plugins;
  rehypePlugins = [...(config.markdown?.rehypePlugins ?? []), ...(starlight.rehype ?? [])] as Plugins;
});

async function page(rel: string, value: string) {
  const file = new VFile({ path: path.join(root, rel), cwd: root, value });
  return String(await compile(file, { remarkPlugins, rehypePlugins }));
}

describe('asides in chapters', () => {
  it('render as Starlight asides, titled in the chapter’s language', async () => {
    const source = ':::note\nMind the factor of 2.\n:::\n\n:::caution[Watch out]\nIt overflows.\n:::\n';
    const en = await page('content/causes/x.mdx', source);
    expect(en).toContain('"starlight-aside starlight-aside--note"');
    expect(en).toContain('"aria-label": "Note"');
    expect(en).toContain('"aria-label": "Watch out"');
    const zh = await page('content/zh/causes/x.mdx', source);
    expect(zh).toContain('"starlight-aside starlight-aside--note"');
    expect(zh).toContain('"aria-label": "注意"');
    expect(zh).toContain('"aria-label": "Watch out"');
    expect(zh).not.toContain('"Note"');
  });

  it('are Starlight’s only for the chapters, which the configuration names', async () => {
    // A file outside content/ is not one Starlight was told about: its directive stays a bare box.
    expect(await page('src/other/x.mdx', ':::note\nText.\n:::\n')).not.toContain('starlight-aside');
  });
});

describe('headings in chapters', () => {
  it('keep their ids, and get an anchor link to that id', async () => {
    const en = await page('content/causes/x.mdx', '## The backward pass\n\nText.\n');
    expect(en).toContain('id: "the-backward-pass"');
    expect(en).toContain('href: "#the-backward-pass"');
    const zh = await page('content/zh/causes/x.mdx', '## 反向传播\n\n正文。\n');
    expect(zh).toContain('id: "反向传播"');
    expect(zh).toContain('href: "#反向传播"');
  });
});
