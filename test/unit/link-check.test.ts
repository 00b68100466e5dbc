import { describe, expect, it } from 'vitest';
import { brokenLinks } from '../../src/ssr/link-check';

const BASE = '/course/';
const page = (body: string) => `<html><body id="_top">${body}</body></html>`;
const PAGES = new Map([
  [
    '/course/',
    page(
      '<a href="/course/causes/a/">ok</a><a href="/course/causes/a/#why">ok anchor</a><a href="#_top">top</a>' +
        '<a href="https://example.com/x">other site</a><a href="mailto:a@b.c">mail</a><a href="/course/favicon.svg">file</a>',
    ),
  ],
  [
    '/course/causes/a/',
    page(
      '<h2 id="why">Why</h2><a href="../b/">relative, missing</a><a href="/course/causes/a/#how">no anchor</a>' +
        '<a href="/causes/a/">without the base</a><a href="/course/zh/causes/a/#%E4%B8%BA%E4%BD%95">encoded anchor</a>',
    ),
  ],
  ['/course/zh/causes/a/', page('<h2 id="为何">为何</h2>')],
]);
const exists = (p: string) => p === '/course/favicon.svg';

describe('the internal link check', () => {
  it('passes links to pages, ids and files the build wrote, and leaves other sites alone', () => {
    const clean = new Map(PAGES);
    clean.set(
      '/course/causes/a/',
      page('<h2 id="why">Why</h2><a href="/course/zh/causes/a/#%E4%B8%BA%E4%BD%95">为何</a>'),
    );
    expect(brokenLinks(clean, BASE, exists)).toEqual([]);
  });

  it('names each broken link: a missing page, a missing id, a link that ignores the base path', () => {
    expect(brokenLinks(PAGES, BASE, exists)).toEqual([
      { page: '/course/causes/a/', href: '../b/', problem: 'no such page' },
      {
        page: '/course/causes/a/',
        href: '/course/causes/a/#how',
        problem: '/course/causes/a/ has no element with id "how"',
      },
      { page: '/course/causes/a/', href: '/causes/a/', problem: "points outside the site's base path /course/" },
    ]);
  });
});
