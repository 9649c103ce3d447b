/**
 * Fallback fonts for the scripts a theme's fonts do not draw: Chinese, Japanese, Korean, Arabic, Hebrew,
 * Devanagari and emoji, from the @fontsource Noto packages. Each package is cut into subsets by
 * unicode-range; a page declares only the subsets its text uses, so an English deck pays nothing and a
 * Chinese one a few hundred KB rather than the whole font.
 *
 * Every face is declared under one family name, {@link FALLBACK_FAMILY}, that the theme stylesheets
 * list after their first family: what a theme's own font cannot draw falls to these faces, the same on
 * every machine, before any system font.
 *
 * Pure: the catalog is read in src/read/.
 *
 * @module
 */

import { decodeHTML } from 'entities';
import type { Deck } from '../model.ts';

/** The family every fallback face is declared under; themes list it before their generic family. */
export const FALLBACK_FAMILY = 'Pitchdeck Fallback';

/** What a fallback family is for: CJK families are ordered by the deck's language. */
export type FallbackScript = 'emoji' | 'sc' | 'tc' | 'jp' | 'kr' | 'arabic' | 'hebrew' | 'devanagari';

/** One woff2 file of a fallback font and the code points it draws. */
export interface FallbackFace {
  script: FallbackScript;
  /** The package's font id, e.g. `noto-sans-sc`: the folder of its files in the assets. */
  id: string;
  /** The file's name in the package's `files/` folder. */
  file: string;
  /** Absolute path of the file. */
  path: string;
  /** The package's unicode ranges for it, in order, Latin left out (the theme's fonts draw it). */
  ranges: readonly (readonly [number, number])[];
}

/** Every fallback face pitchdeck can use, as read from the installed packages. */
export interface FallbackCatalog {
  faces: readonly FallbackFace[];
  /**
   * Code points the themes' own fonts draw beyond Latin Extended-B (the rest of Google Fonts' `latin`
   * and `latin-ext` subsets: curly quotes, dashes, the euro sign): never a fallback face's, so an
   * English deck's “quotes” and – dashes pull in no Chinese font.
   */
  themeRanges: readonly (readonly [number, number])[];
  /**
   * The code points a face's file really draws. A package's ranges may claim more (the CJK slices are
   * cut alike for Chinese, Japanese and Korean): a face is chosen, and declared, for what it has.
   */
  codePoints(face: FallbackFace): ReadonlySet<number>;
}

/** A face a page declares, with the ranges it is declared for. */
export interface DeclaredFace {
  face: FallbackFace;
  ranges: readonly (readonly [number, number])[];
}

/**
 * Colour emoji fonts a machine may have, tried before the bundled outline font: a deck shown on a Mac
 * or Windows, or printed where Noto Color Emoji is installed, keeps its colours.
 */
const LOCAL_EMOJI = "local('Apple Color Emoji'), local('Segoe UI Emoji'), local('Noto Color Emoji'), ";

/** Zero-width non-joiner and joiner. */
const JOINERS: ReadonlySet<number> = new Set([0x200c, 0x200d]);

/** Below this the theme's own fonts draw (Basic Latin to Latin Extended-B): never a fallback face's. */
const LATIN_END = 0x24f;

/**
 * Parses a CSS `unicode-range` value (`U+0600-06FF,U+200C,U+4??`) into inclusive ranges, leaving out
 * everything up to Latin Extended-B: a fallback face must never draw a digit or a letter the theme has.
 */
export function parseUnicodeRange(value: string, from = LATIN_END + 1): [number, number][] {
  const ranges: [number, number][] = [];
  for (const part of value.split(',')) {
    const m = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m?.[1]) continue;
    const start = Number.parseInt(m[1].replace(/\?/g, '0'), 16);
    const end = m[2] ? Number.parseInt(m[2], 16) : Number.parseInt(m[1].replace(/\?/g, 'f'), 16);
    if (end < from) continue;
    ranges.push([Math.max(start, from), end]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/**
 * The order fallback scripts are tried in for a deck's language: emoji first (CJK fonts draw some
 * symbols in black and white), then the CJK font of the language's region, so that a Han character
 * shared by Chinese and Japanese takes the form its readers expect.
 */
export function fallbackOrder(lang: string): FallbackScript[] {
  const tag = lang.toLowerCase();
  const cjk: FallbackScript[] = tag.startsWith('ja')
    ? ['jp', 'sc', 'tc', 'kr']
    : tag.startsWith('ko')
      ? ['kr', 'sc', 'tc', 'jp']
      : /^zh-(hant|tw|hk|mo)/.test(tag)
        ? ['tc', 'sc', 'jp', 'kr']
        : ['sc', 'tc', 'jp', 'kr'];
  return ['emoji', ...cjk, 'arabic', 'hebrew', 'devanagari'];
}

/**
 * The code points a deck's pages show beyond Latin: its slides, notes and titles, with HTML entities
 * decoded. Whitespace, controls and format characters (joiners, variation selectors) are left out:
 * they take the font of the characters around them.
 */
export function deckCodePoints(deck: Deck): Set<number> {
  const { config } = deck;
  const text = decodeHTML(
    JSON.stringify([
      config.title,
      config.subtitle,
      config.author,
      config.date,
      deck.slides.map((s) => [s.title, s.content, s.notesHtml]),
    ]),
  );
  const points = new Set<number>();
  // The regex engine skips the Latin text (nearly all of most decks) far faster than a loop over it.
  for (const [char] of text.matchAll(BEYOND_LATIN)) points.add(char.codePointAt(0) ?? 0);
  return points;
}

/** A character beyond Latin that a font must draw: not white space, a control or a format character. */
const BEYOND_LATIN = /(?![\p{White_Space}\p{Cc}\p{Cf}\p{Cs}])[^\p{ASCII}\u0080-\u024f]/gu;

/**
 * The faces a deck needs: for each code point beyond Latin, the face of the first script in
 * {@link fallbackOrder} that draws it. Returned in the order they must be declared: a browser tries the
 * last declared face first where ranges overlap, so the preferred scripts come last.
 */
export function fallbackFaces(deck: Deck, catalog: FallbackCatalog | undefined): DeclaredFace[] {
  if (!catalog || catalog.faces.length === 0) return [];
  const order = fallbackOrder(deck.config.lang);
  const byScript = new Map<FallbackScript, FallbackFace[]>();
  for (const face of catalog.faces) byScript.set(face.script, [...(byScript.get(face.script) ?? []), face]);
  const chosen = new Set<FallbackFace>();
  const themes = (cp: number) => inRanges(catalog.themeRanges, cp);
  for (const cp of deckCodePoints(deck)) {
    if (themes(cp)) continue;
    for (const script of order) {
      const face = byScript.get(script)?.find((f) => covers(f, cp) && catalog.codePoints(f).has(cp));
      if (face) {
        chosen.add(face);
        break;
      }
    }
  }
  const rank = (face: FallbackFace) => order.indexOf(face.script);
  return [...chosen]
    .sort((a, b) => rank(b) - rank(a) || catalog.faces.indexOf(a) - catalog.faces.indexOf(b))
    .map((face) => ({ face, ranges: rangesOf(catalog.codePoints(face), themes) }));
}

/**
 * Sorted code points as inclusive ranges, leaving out Latin and what the themes draw, but not the
 * joiners: an emoji sequence (👩‍💻) or an Arabic or Devanagari cluster is drawn as one only when its
 * font also draws the joiners between its characters.
 */
function rangesOf(points: ReadonlySet<number>, themes: (cp: number) => boolean): [number, number][] {
  const ranges: [number, number][] = [];
  const kept = (p: number) => p > LATIN_END && (!themes(p) || JOINERS.has(p));
  for (const cp of [...points].filter(kept).sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && cp === last[1] + 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
}

/**
 * Ranges every theme draws or leaves to the machine whatever the catalog says (Greek, Cyrillic,
 * Vietnamese, punctuation, arrows, operators...): a deck whose text stays within them needs no catalog.
 */
const COMMON: readonly (readonly [number, number])[] = [
  [0x370, 0x52f],
  [0x1e00, 0x1fff],
  [0x2000, 0x22ff],
  [0x2c60, 0x2c7f],
  [0xa720, 0xa7ff],
  [0xfeff, 0xfeff],
  [0xfffd, 0xfffd],
];

/**
 * Whether a deck's text has a script beyond Latin, Greek and Cyrillic: only then is the catalog read,
 * so an English deck reads no font package at all.
 */
export function needsFallbackFonts(deck: Deck): boolean {
  for (const cp of deckCodePoints(deck)) if (!inRanges(COMMON, cp)) return true;
  return false;
}

/** `@font-face` rules for fallback faces, each file at `${fontsUrl}/<id>/<file>`. */
export function fallbackFontCss(faces: readonly DeclaredFace[], fontsUrl: string): string {
  const base = fontsUrl.replace(/\/+$/, '');
  return faces
    .map(({ face, ranges }) =>
      [
        '@font-face {',
        `  font-family: '${FALLBACK_FAMILY}';`,
        '  font-style: normal;',
        // Every face declares the same weights, the emoji font's one included: a browser first picks
        // the faces whose weights match best and only then looks at their ranges, so a face declared
        // for 400 alone would hide the others from text at 400.
        '  font-weight: 100 900;',
        '  font-display: swap;',
        `  src: ${face.script === 'emoji' ? LOCAL_EMOJI : ''}url('${base}/${face.id}/${face.file}') format('woff2');`,
        `  unicode-range: ${ranges.map(rangeText).join(',')};`,
        '}',
      ].join('\n'),
    )
    .join('\n');
}

/** Where a face's file goes below the assets folder. */
export function fallbackFontPath(face: FallbackFace): string {
  return `fonts/${face.id}/${face.file}`;
}

function covers(face: FallbackFace, cp: number): boolean {
  return inRanges(face.ranges, cp);
}

function inRanges(ranges: readonly (readonly [number, number])[], cp: number): boolean {
  // Sorted, and a few hundred at most (a CJK subset's): a linear scan is fast enough.
  for (const [start, end] of ranges) {
    if (cp < start) return false;
    if (cp <= end) return true;
  }
  return false;
}

function rangeText([start, end]: readonly [number, number]): string {
  const hex = (n: number) => n.toString(16).toUpperCase();
  return start === end ? `U+${hex(start)}` : `U+${hex(start)}-${hex(end)}`;
}
