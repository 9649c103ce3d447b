import { describe, expect, it } from 'vitest';
import { buildDeck } from '../../src/deck/build-deck.ts';
import type { Deck } from '../../src/model.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import {
  deckCodePoints,
  FALLBACK_FAMILY,
  type FallbackCatalog,
  type FallbackFace,
  fallbackFaces,
  fallbackFontCss,
  fallbackOrder,
  needsFallbackFonts,
  parseUnicodeRange,
} from '../../src/render/script-fonts.ts';
import { withFallbackFamily } from '../../src/render/theme-fonts.ts';

const deckOf = (lines: string[]): Promise<Deck> =>
  buildDeck(parseDocument({ path: 'slides/talk.md', text: lines.join('\n') }));

const face = (script: FallbackFace['script'], file: string, range: string): FallbackFace => ({
  script,
  id: `noto-${script}`,
  file,
  path: `/pkg/${file}`,
  ranges: parseUnicodeRange(range),
});

/**
 * A small catalog: the SC face claims 中 (U+4E2D) and 국 (U+AD6D) but its file has only 中, as the CJK
 * slices of the real packages do; the KR face has 국.
 */
const SC = face('sc', 'sc-1.woff2', 'U+4E00-4EFF,U+AD6D');
const JP = face('jp', 'jp-1.woff2', 'U+3040-309F,U+4E00-4EFF');
const KR = face('kr', 'kr-1.woff2', 'U+AC00-D7AF');
const EMOJI = face('emoji', 'emoji-1.woff2', 'U+30-39,U+1F600-1F64F');
const ARABIC = face('arabic', 'arabic.woff2', 'U+0600-06FF');
const FILES = new Map<FallbackFace, number[]>([
  [SC, [0x4e2d]],
  [JP, [0x3042, 0x4e2d]],
  [KR, [0xad6d]],
  [EMOJI, [0x30, 0x31, 0x1f600]],
  [ARABIC, [0x0645, 0x0631]],
]);
const catalog: FallbackCatalog = {
  faces: [SC, JP, KR, EMOJI, ARABIC],
  // The themes draw curly quotes.
  themeRanges: [[0x2018, 0x201f]],
  codePoints: (f) => new Set(FILES.get(f)),
};

describe('parseUnicodeRange', () => {
  it('reads ranges, single code points and wildcards, and leaves Latin to the theme', () => {
    expect(parseUnicodeRange('U+0000-00FF, U+0131, U+0600-06FF, U+4??, U+1F600')).toEqual([
      [0x400, 0x4ff],
      [0x600, 0x6ff],
      [0x1f600, 0x1f600],
    ]);
    expect(parseUnicodeRange('U+0200-0300')).toEqual([[0x250, 0x300]]);
  });
});

describe('fallbackOrder', () => {
  it('puts emoji first and the CJK font of the language’s region before the others', () => {
    expect(fallbackOrder('en')).toEqual(['emoji', 'sc', 'tc', 'jp', 'kr', 'arabic', 'hebrew', 'devanagari']);
    expect(fallbackOrder('ja').slice(0, 3)).toEqual(['emoji', 'jp', 'sc']);
    expect(fallbackOrder('ko-KR')[1]).toBe('kr');
    expect(fallbackOrder('zh-Hant-TW')[1]).toBe('tc');
    expect(fallbackOrder('zh-HK')[1]).toBe('tc');
    expect(fallbackOrder('zh-CN')[1]).toBe('sc');
  });
});

describe('deckCodePoints', () => {
  it('collects what slides, notes and titles show beyond Latin, entities decoded, joiners left out', async () => {
    const deck = await deckOf([
      '---',
      'title: Café 中',
      '---',
      '# Hello &#x1F600;',
      '',
      'مر‍حبا',
      '',
      'Note: 국',
    ]);
    const points = [...deckCodePoints(deck)].sort((a, b) => a - b);
    expect(points).toEqual([0x0627, 0x0628, 0x062d, 0x0631, 0x0645, 0x4e2d, 0xad6d, 0x1f600]);
  });
});

describe('needsFallbackFonts', () => {
  it('is false for Latin, Greek and Cyrillic with their punctuation and arrows, true for other scripts', async () => {
    expect(needsFallbackFonts(await deckOf(['# “Quoted” – naïve → Ελλάδα, Привет…']))).toBe(false);
    expect(needsFallbackFonts(await deckOf(['# Hello', '', 'Note: 你好']))).toBe(true);
    expect(needsFallbackFonts(await deckOf(['# Launch 🚀']))).toBe(true);
    expect(needsFallbackFonts(await deckOf(['# שלום']))).toBe(true);
  });
});

describe('fallbackFaces', () => {
  it('declares nothing for a deck in Latin script, its curly quotes included', async () => {
    const FACES = [face('sc', 'sc-2.woff2', 'U+2018-201F')];
    const quotes = { ...catalog, faces: FACES, codePoints: () => new Set([0x201c, 0x201d]) };
    expect(fallbackFaces(await deckOf(['# Plain English, “café” and naïve']), quotes)).toEqual([]);
  });

  it('chooses, for each character, the first script in order whose file really has it', async () => {
    const deck = await deckOf(['# 中 국 😀 مر 0']);
    const chosen = fallbackFaces(deck, catalog);
    // SC claims 국 but lacks it: KR draws it. Digits stay the theme's: the emoji face is not chosen for them.
    expect(chosen.map((c) => c.face)).toEqual([ARABIC, KR, SC, EMOJI]);
    // Declared for what each file has, Latin left out.
    expect(chosen.find((c) => c.face === SC)?.ranges).toEqual([[0x4e2d, 0x4e2d]]);
    expect(chosen.find((c) => c.face === EMOJI)?.ranges).toEqual([[0x1f600, 0x1f600]]);
  });

  it('prefers the Japanese font for a Japanese deck', async () => {
    const deck = await deckOf(['---', 'lang: ja', '---', '# 中']);
    expect(fallbackFaces(deck, catalog).map((c) => c.face)).toEqual([JP]);
  });
});

describe('fallbackFontCss', () => {
  it('declares every face under one family, for every weight, emoji preferring a colour font of the machine', () => {
    const css = fallbackFontCss(
      [
        { face: SC, ranges: [[0x4e2d, 0x4e2f]] },
        { face: EMOJI, ranges: [[0x1f600, 0x1f600]] },
      ],
      '../_assets/fonts/',
    );
    expect(css).toContain(`font-family: '${FALLBACK_FAMILY}';`);
    expect(css.match(/font-weight: 100 900;/g)).toHaveLength(2);
    expect(css).toContain("src: url('../_assets/fonts/noto-sc/sc-1.woff2') format('woff2');");
    expect(css).toContain('unicode-range: U+4E2D-4E2F;');
    expect(css).toMatch(
      /src: local\('Apple Color Emoji'\), .*url\('..\/_assets\/fonts\/noto-emoji\/emoji-1.woff2'\)/,
    );
  });
});

describe('withFallbackFamily', () => {
  it('adds the family after the first family of every font list and variable', () => {
    const css = [
      ':root{--r-main-font:"Source Sans Pro", Helvetica, sans-serif;--r-code-font:monospace}',
      '.a{font-family:Georgia}',
      '.b { font-family: Lato, serif !important; }',
    ].join('\n');
    expect(withFallbackFamily(css, 'Fallback')).toBe(
      [
        ":root{--r-main-font:\"Source Sans Pro\", 'Fallback', Helvetica, sans-serif;--r-code-font:'Fallback',monospace}",
        ".a{font-family:Georgia, 'Fallback'}",
        ".b { font-family: Lato, 'Fallback', serif !important; }",
      ].join('\n'),
    );
  });

  it('leaves @font-face rules, lists of variables, keywords and lists that have it already alone', () => {
    const css = [
      "@font-face{font-family:Lato;src:url(data:font/woff;base64,AAA)format('woff')}",
      '.a{font-family:var(--r-main-font)}',
      '.b{font-family:inherit}',
      ".c{font-family:Lato, 'Fallback', sans-serif}",
    ].join('\n');
    expect(withFallbackFamily(css, 'Fallback')).toBe(css);
  });
});
