import { describe, expect, it } from 'vitest';
import { headersFile, inlineScriptHashes, policy, sha256, withPolicy } from '../../src/ssr/csp';

const PAGE =
  '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>t</title><script>a()</script>' +
  '<script type="module" src="/x.js"></script><script type="module">b()</script><script>a()</script></head>' +
  '<body><script type="application/ld+json"></script></body></html>';

describe('the Content-Security-Policy', () => {
  it('hashes each inline script once, and no script that has a src or is empty', () => {
    expect(inlineScriptHashes(PAGE)).toEqual([sha256('a()'), sha256('b()')]);
    // The browser's form: 'sha256-' and the base64 of the digest of the script's exact text.
    expect(sha256('a()')).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
  });

  it("goes right after the charset (which must stay in the page's first 1024 bytes), before any script", () => {
    const out = withPolicy(PAGE);
    expect(out.indexOf('<meta charset')).toBeLessThan(out.indexOf('Content-Security-Policy'));
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<script'));
    expect(out).toContain(sha256('a()'));
    // Built twice, the page keeps one policy.
    expect(withPolicy(out).match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(() => withPolicy('<p>no head</p>')).toThrow(/without <head>/);
  });

  it('allows scripts only from the site and by hash, WebAssembly, and nothing from another origin', () => {
    const p = policy([sha256('a()')]);
    const script = p.split('; ').find((d) => d.startsWith('script-src'))!;
    expect(script).toBe(`script-src 'self' 'wasm-unsafe-eval' ${sha256('a()')}`);
    expect(p).not.toMatch(/ 'unsafe-eval'|https?:|\*/);
    expect(p).not.toContain('frame-ancestors'); // a <meta> policy cannot carry it
    expect(policy([], true)).toContain("frame-ancestors 'self'");
  });

  it('writes _headers under the base path, with the wasm type and a year of caching for hashed files', () => {
    const text = headersFile('/course/', [sha256('a()')]);
    expect(text).toMatch(/^\/course\/\*\n {2}Content-Security-Policy: default-src 'self';/);
    expect(text).toContain('/course/_astro/*\n  Cache-Control: public, max-age=31536000, immutable');
    expect(text).toContain('/course/*.wasm\n  Content-Type: application/wasm');
  });
});
