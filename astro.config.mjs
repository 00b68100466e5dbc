// @ts-check
import { fileURLToPath } from 'node:url';
import { defineConfig, passthroughImageService } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { remarkComponentSource } from './src/authoring/remark-component-source.ts';
import { remarkInlineValues } from './src/authoring/remark-inline-values.ts';
import { rehypeKatexStrict } from './src/authoring/rehype-katex-strict.ts';
import { remarkCourseLinks } from './src/authoring/remark-course-links.ts';
import { rehypeFootnotes } from './src/authoring/rehype-footnotes.ts';
import { rehypeMathPunctuation } from './src/authoring/rehype-math-punctuation.ts';
import { rehypeKatexSearch } from './src/authoring/rehype-katex-search.ts';
import { sidebar } from './src/sidebar.ts';
import { contentSecurityPolicy } from './src/ssr/csp.ts';
import { siteUrl, siteUrlCheck } from './src/ssr/site-url.ts';
import { precompress } from './src/ssr/precompress.ts';
import { compressedCacheDir } from './src/ssr/run-cache-dir.mjs';
import { linkCheck } from './src/ssr/link-check.ts';
import { editionsCheck } from './src/authoring/editions.ts';
import { chaptersCheck } from './src/authoring/chapters-check.ts';
import { remarkChapterCheck } from './src/authoring/chapter-check.ts';
import { remarkAsideTitles } from './src/authoring/remark-aside-titles.ts';
import { remarkEquations } from './src/authoring/remark-equations.ts';
import { remarkCitations } from './src/authoring/remark-citations.ts';
import { remarkFigureRefs } from './src/authoring/figure-refs.ts';

// Hosts may serve the course under a sub-path: `BASE_PATH=/courses/gradients/ npm run build`.
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  // Canonical links, og:url and the sitemap are absolute: a host sets SITE_URL (src/ssr/site-url.ts).
  site: siteUrl(process.env.SITE_URL),
  base,
  // Separate output and cache folders let two builds run side by side (the e2e build, a preview build).
  outDir: process.env.OUT_DIR ?? './dist',
  cacheDir: process.env.CACHE_DIR ?? './node_modules/.astro',
  trailingSlash: 'always',
  devToolbar: { enabled: false },
  // No image optimisation: the course has no raster images, and sharp's native binary is not needed.
  image: { service: passthroughImageService() },
  markdown: {
    // remarkChapterCheck first: it reads the chapter as written (the dev server's overlay names the line).
    remarkPlugins: [
      remarkMath,
      remarkChapterCheck,
      // `<TraceValue figure="deep" … />` takes the settings of the figure with id="deep".
      remarkFigureRefs,
      // `\label{eq-…}` in a display equation numbers it; `@eq-…` in the prose links to it ("Equation (2)").
      remarkEquations,
      // `[@glorot]` cites content/bibliography.json; the chapter's references are written from it.
      remarkCitations,
      remarkInlineValues,
      remarkComponentSource,
      [remarkCourseLinks, { base }],
      remarkAsideTitles,
    ],
    // `throwOnError: false` lets rehype-katex record the problem; rehypeKatexStrict then fails the build with
    // the file, the line and KaTeX's own message, instead of leaving red text in a page.
    rehypePlugins: [
      [rehypeKatex, { throwOnError: false }],
      rehypeKatexStrict,
      rehypeKatexSearch,
      rehypeMathPunctuation,
      rehypeFootnotes,
    ],
  },
  integrations: [
    // First: a chapter in one language only stops the build at once, saying which file to copy where.
    editionsCheck(),
    // Then every chapter's components, props, imports, footnotes and asides, before anything renders.
    chaptersCheck(),
    // `npm start` restarts when the sidebar or the bibliography changes: Astro watches this file, not what it reads.
    {
      name: 'course:watch-sidebar',
      hooks: {
        'astro:config:setup': ({ addWatchFile }) => {
          addWatchFile(new URL('./src/sidebar.ts', import.meta.url));
          addWatchFile(new URL('./content/bibliography.json', import.meta.url));
        },
      },
    },
    starlight({
      title: { en: 'Vanishing & Exploding Gradients', 'zh-CN': '梯度消失与梯度爆炸' },
      description:
        'An interactive course: why gradients vanish or explode in deep networks, and what can be done about it, with networks that train in your browser.',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        zh: { label: '简体中文', lang: 'zh-CN' },
      },
      logo: { src: './src/assets/logo.svg', replacesTitle: false },
      favicon: '/favicon.svg',
      customCss: ['katex/dist/katex.min.css', './src/styles/course.css'],
      sidebar,
      pagination: true,
      lastUpdated: false,
      credits: false,
      // The chapters are in content/, not src/content/docs: Starlight's asides (:::note) and heading anchor links
      // apply only to the folders it is told about.
      markdown: { processedDirs: ['./content'] },
    }),
    // `optimize`: the static parts of a chapter (KaTeX's thousands of spans per formula above all) go into its module
    // as HTML strings rather than one JSX call per element. The chapter modules shrink from 18 MB to 8 MB, and the
    // server build and the page renders with them (a build: about 12 s less); the pages' DOM is the same.
    mdx({ optimize: true }),
    preact(),
    siteUrlCheck(process.env.SITE_URL),
    // Every internal link and #anchor of the finished pages, both editions: a broken one fails the build.
    linkCheck(),
    // After every integration that writes pages: it hashes the inline scripts of the finished pages (src/ssr/csp.ts).
    contentSecurityPolicy(),
    // Last: .gz and .br beside every text file and the wasm binaries, for hosts that serve precompressed files; each
    // compressed file is kept by the SHA-256 of what it compresses, so a rebuild compresses only what changed.
    precompress({ cacheDir: compressedCacheDir() }),
  ],
  vite: {
    // No asset becomes a data: URL (a KaTeX font, Starlight's icons): the Content-Security-Policy allows fonts from
    // the site itself only, and a file is cached once for every page.
    build: { assetsInlineLimit: 0 },
    resolve: { alias: { 'node-fetch': fileURLToPath(new URL('./src/lab/node-fetch-stub.ts', import.meta.url)) } },
    // tfjs-core publishes its gradients as ES modules inside a CommonJS package: bundle tfjs for the
    // build-time runs instead of letting Node load it, and resolve every tfjs import to the same ES build.
    ssr: {
      noExternal: [/@tensorflow\//],
      resolve: { mainFields: ['module', 'jsnext:main', 'jsnext'] },
      // `astro dev` runs server code without Rollup's CommonJS conversion; pre-bundle the parts of tfjs that are
      // CommonJS (the wasm backend's Emscripten glue) so that dev and build behave alike.
      optimizeDeps: {
        include: [
          '@tensorflow/tfjs-core',
          '@tensorflow/tfjs-core/dist/register_all_gradients.js',
          '@tensorflow/tfjs-backend-cpu',
          '@tensorflow/tfjs-backend-wasm',
        ],
      },
    },
    worker: { format: 'es' },
    // Dev server: declare the client dependencies up front, so the first visit does not trigger a re-optimise
    // and reload, and tfjs-core and its separately published gradients land in one pre-bundle (two copies of
    // tfjs-core would each have their own engine).
    optimizeDeps: {
      include: [
        'preact',
        'preact/hooks',
        'preact/jsx-runtime',
        'preact/jsx-dev-runtime',
        'preact/debug',
        'preact/devtools',
        '@astrojs/preact/client-dev.js',
        'zod',
        '@observablehq/plot',
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-core/dist/register_all_gradients.js',
        '@tensorflow/tfjs-backend-cpu',
        '@tensorflow/tfjs-backend-wasm',
      ],
    },
  },
});
