import { describe, expect, it, vi } from 'vitest';
import { PLACEHOLDER_SITE, siteUrl, siteUrlCheck } from '../../src/ssr/site-url';

describe('SITE_URL', () => {
  it('is the origin a host gives, or the placeholder when it gives none', () => {
    expect(siteUrl('https://courses.example.com')).toBe('https://courses.example.com');
    expect(siteUrl(' https://courses.example.com/ ')).toBe('https://courses.example.com');
    expect(siteUrl(undefined)).toBe(PLACEHOLDER_SITE);
    expect(siteUrl('')).toBe(PLACEHOLDER_SITE);
  });

  it('stops the build with a clear message when it is not an http(s) origin', () => {
    expect(() => siteUrl('courses.example.com')).toThrow(/expected an absolute URL/);
    expect(() => siteUrl('javascript:alert(1)')).toThrow(/expected an http\(s\) URL/);
    expect(() => siteUrl('https://example.com/course/')).toThrow(/sub-path as BASE_PATH/);
  });

  it('makes a production build without it warn, and no other build', () => {
    const run = (command: string, value: string | undefined) => {
      const logger = { warn: vi.fn() };
      const hook = siteUrlCheck(value).hooks['astro:config:setup'] as unknown as (o: object) => void;
      hook({ command, logger });
      return logger.warn.mock.calls.map((c) => String(c[0]));
    };
    expect(run('build', undefined).join('')).toMatch(
      /SITE_URL is not set: canonical links, link previews \(og:url\) and the sitemap/,
    );
    expect(run('build', 'https://courses.example.com')).toEqual([]);
    expect(run('dev', undefined)).toEqual([]);
  });
});
