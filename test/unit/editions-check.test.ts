import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missingEditions } from '../../src/authoring/editions';

let dir = '';
const write = (rel: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), '---\ntitle: x\n---\n');
};
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('both editions of every chapter', () => {
  it('are all there in the course', () => {
    expect(missingEditions(path.resolve('content'))).toEqual([]);
  });

  it('name the file to copy, and where, when one edition is missing', () => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'editions-')), 'content');
    for (const f of ['index.mdx', 'causes/a.mdx', 'causes/new.mdx', '_draft.mdx', 'zh/index.mdx', 'zh/causes/a.mdx'])
      write(f);
    write('zh/remedies/only-zh.mdx');
    expect(missingEditions(dir)).toEqual([
      'content/causes/new.mdx has no Chinese edition: copy it to content/zh/causes/new.mdx and translate it.',
      'content/zh/remedies/only-zh.mdx has no English edition: copy it to content/remedies/only-zh.mdx and translate it.',
    ]);
  });
});
