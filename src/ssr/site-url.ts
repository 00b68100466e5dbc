/**
 * The site's public address (issue 10). Canonical and language-alternate links, og:url (what link previews show)
 * and the sitemap are absolute URLs, so they need it; a host sets it at build time:
 * `SITE_URL=https://example.com npm run build` (the sub-path, if any, goes in BASE_PATH). Without it the build
 * still works — every link inside the site is relative to the base — but those absolute URLs would name a
 * placeholder host, so a production build says so, loudly.
 */
import type { AstroIntegration } from 'astro';

/** What canonical links and the sitemap name when SITE_URL is not set. */
export const PLACEHOLDER_SITE = 'https://example.org';

/** SITE_URL, checked: an absolute http(s) URL; the placeholder when absent. A malformed value stops the build. */
export function siteUrl(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return PLACEHOLDER_SITE;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`SITE_URL is "${value}": expected an absolute URL such as https://courses.example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`SITE_URL is "${value}": expected an http(s) URL such as https://courses.example.com`);
  if (url.pathname !== '/' || url.search || url.hash)
    throw new Error(
      `SITE_URL is "${value}": give the origin only (https://courses.example.com) and the sub-path as BASE_PATH`,
    );
  return url.origin;
}

export const SITE_URL_WARNING = [
  'SITE_URL is not set: canonical links, link previews (og:url) and the sitemap will point to ' +
    PLACEHOLDER_SITE +
    '.',
  'Build for your host with SITE_URL=https://your.host npm run build (and BASE_PATH=/sub/path/ if it serves',
  'the course under a sub-path). See README.md, "Building and hosting".',
].join('\n');

/** Warns at the start of a production build when SITE_URL is not set. */
export function siteUrlCheck(value: string | undefined): AstroIntegration {
  return {
    name: 'course-site-url',
    hooks: {
      'astro:config:setup': ({ command, logger }) => {
        if (command === 'build' && siteUrl(value) === PLACEHOLDER_SITE) logger.warn(`\n${SITE_URL_WARNING}\n`);
      },
    },
  };
}
