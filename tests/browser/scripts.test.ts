import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesBelow, runCli, workspaces } from '../helpers/cli.ts';
import { openPdf } from '../helpers/pdf.ts';

const CJK = `---
title: 多语言演示
lang: zh
theme: black
---

# 你好，世界 🚀

中文演示文稿，字体回退。

- 日本語：こんにちは
- 한국어: 안녕하세요

Note: 演讲者备注 🗒️

---

## Emoji 😀 ✨ 🎉

**粗体** and *斜体* 👍

\`\`\`js
const 名字 = "值"; // 注释
\`\`\`
`;

const PRIVATE_USE = `---
title: Icons
---

# Icons

A glyph from an icon font: \u{E000} and \u{E001}.
`;

const ENGLISH = `---
title: Plain
---

# Plain English

Nothing beyond Latin here: café, naïve.
`;

const spaces = workspaces('pitchdeck-scripts');
let work: string;

beforeAll(() => {
  work = spaces.make({ 'cjk.md': CJK, 'icons.md': PRIVATE_USE, 'plain.md': ENGLISH });
});

afterAll(() => spaces.cleanup());

describe('every script', () => {
  it('prints a Chinese, Japanese, Korean and emoji deck with every character in the text layer, and no finding', async () => {
    const result = runCli(work, ['pdf', 'cjk.md', '--notes', '-o', 'cjk.pdf']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const pdf = await openPdf(join(work, 'cjk.pdf'));
    try {
      const text = await pdf.text();
      expect(text).not.toContain('\u0000');
      for (const words of [
        '你好',
        '世界',
        '中文演示文稿',
        'こんにちは',
        '안녕하세요',
        '🚀',
        '😀',
        '🎉',
        '名字',
        '演讲者备注',
      ]) {
        expect(text.replace(/\s+/g, '')).toContain(words);
      }
    } finally {
      await pdf.close();
    }
  });

  it('reports a character no font draws, naming the slide and its line', () => {
    const result = runCli(work, ['check', 'icons.md']);
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      'icons.md:7: error: slide 2 "Icons": no font can draw U+E000, U+E001 in <p> "A glyph from an icon font: \u{E000} and \u{E001}." (it shows as a box)',
    );
    expect(result.stdout + result.stderr).toContain('[missing-glyph]');
  });

  it('copies and declares only the subsets a deck uses: none for a deck in Latin script', () => {
    const result = runCli(work, ['build', 'cjk.md', 'plain.md', '--single-file', '--no-check', '-q']);
    expect(result.status).toBe(0);
    const fonts = filesBelow(join(work, 'dist', '_assets', 'fonts')).filter((f) => f.startsWith('noto-'));
    // A handful of the several hundred subsets the packages hold.
    expect(fonts.length).toBeGreaterThan(3);
    expect(fonts.length).toBeLessThan(40);
    expect(fonts.some((f) => f.startsWith('noto-sans-sc/'))).toBe(true);
    expect(fonts.some((f) => f.startsWith('noto-emoji/'))).toBe(true);
    // Every subset the Chinese page declares is there, and the English page declares none.
    const page = readFileSync(join(work, 'dist', 'cjk', 'index.html'), 'utf8');
    const declared = [...page.matchAll(/url\('\.\.\/_assets\/fonts\/([^']+)'\)/g)].map((m) => m[1]);
    expect(declared.sort()).toEqual(fonts.sort());
    expect(readFileSync(join(work, 'dist', 'plain', 'index.html'), 'utf8')).not.toContain('@font-face');
    // The single files: the English one carries none of them.
    const plainSingle = readFileSync(join(work, 'dist', 'plain', 'plain.html'), 'utf8');
    expect(plainSingle).not.toContain("font-family: 'Pitchdeck Fallback';");
    expect(readFileSync(join(work, 'dist', 'cjk', 'cjk.html'), 'utf8')).toContain(
      "font-family: 'Pitchdeck Fallback';",
    );
    const cjkBytes = statSync(join(work, 'dist', 'cjk', 'cjk.html')).size;
    const plainBytes = statSync(join(work, 'dist', 'plain', 'plain.html')).size;
    expect(cjkBytes).toBeGreaterThan(plainBytes);
  });
});
