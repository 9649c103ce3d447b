import type { Deck } from '../model.ts';
import { type CutLabel, type Finding, makeFinding, slideName } from './finding.ts';

/** A slide's characters that no font of the page can draw: the audience sees a box (tofu). */
export interface MissingGlyphs {
  /** The slide's `data-source-line`. */
  line: number;
  chars: { char: string; tag: string; text: string }[];
}

/**
 * Runs in the page (serialised by Puppeteer: everything it uses is defined inside). For every character
 * of every slide and its notes, asks whether the fonts the page has for it (its own font list, the
 * fallback fonts, then the machine's) draw it: the character is drawn on a canvas in the element's
 * font and compared with a code point no font has, which every browser draws as the same box.
 */
export async function findMissingGlyphs(): Promise<MissingGlyphs[]> {
  const reveal = (window as unknown as { Reveal: { getSlides(): HTMLElement[] } }).Reveal;
  // Private use, plane 16: no font draws it, so it shows what a missing glyph looks like in each font.
  const NONE = String.fromCodePoint(0x10fffd);
  const SIZE = 40;
  const skip = /[\p{White_Space}\p{Cc}\p{Cf}\p{M}\p{Cs}]/u;
  const canvas = document.createElement('canvas');
  canvas.width = SIZE * 2;
  canvas.height = SIZE * 2;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return [];

  // Each slide's characters beyond ASCII, with the font each is set in and the element that shows it.
  type Use = { char: string; font: string; el: Element; text: string };
  const slides = reveal.getSlides().map((section) => {
    const uses = new Map<string, Use>();
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const el = node.parentElement;
      if (!el || el.closest('script, style, template')) continue;
      // A nested slide's text is its own.
      if (el.closest('section') !== section) continue;
      const style = getComputedStyle(el);
      const font = `${style.fontStyle} ${style.fontWeight} ${SIZE}px ${style.fontFamily}`;
      for (const char of node.data) {
        if ((char.codePointAt(0) ?? 0) < 0x80 || skip.test(char)) continue;
        const key = `${font}\n${char}`;
        if (!uses.has(key)) uses.set(key, { char, font, el, text: node.data });
      }
    }
    return { line: Number(section.getAttribute('data-source-line') ?? 0), uses: [...uses.values()] };
  });

  // Each font's web fonts for those characters loaded first (unicode-range faces load on demand).
  const byFont = new Map<string, Set<string>>();
  for (const { uses } of slides) {
    for (const use of uses) byFont.set(use.font, (byFont.get(use.font) ?? new Set()).add(use.char));
  }
  await Promise.all(
    [...byFont].map(([font, chars]) => document.fonts.load(font, [...chars].join('')).catch(() => [])),
  );

  const draw = (font: string, text: string) => {
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.font = font;
    context.textBaseline = 'middle';
    context.fillStyle = '#000';
    context.fillText(text, SIZE / 4, SIZE);
    return context.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const widthOf = (font: string, text: string) => {
    context.font = font;
    return context.measureText(text).width;
  };
  const boxes = new Map<string, { width: number; pixels?: Uint8ClampedArray }>();
  const drawn = new Map<string, boolean>();
  const isDrawn = (font: string, char: string): boolean => {
    const key = `${font}\n${char}`;
    let known = drawn.get(key);
    if (known !== undefined) return known;
    let box = boxes.get(font);
    if (!box) {
      box = { width: widthOf(font, NONE) };
      boxes.set(font, box);
    }
    // A glyph of another width than the box is a glyph; only one as wide is compared pixel by pixel.
    if (Math.abs(widthOf(font, char) - box.width) > 0.01) known = true;
    else {
      box.pixels ??= draw(font, NONE);
      const pixels = box.pixels;
      known = !draw(font, char).every((value, i) => value === pixels[i]);
    }
    drawn.set(key, known);
    return known;
  };

  const results: MissingGlyphs[] = [];
  for (const { line, uses } of slides) {
    const chars = uses
      .filter((use) => !isDrawn(use.font, use.char))
      .map((use) => ({
        char: use.char,
        tag: use.el.tagName.toLowerCase(),
        text: use.text.replace(/\s+/g, ' ').trim(),
      }));
    if (chars.length > 0) results.push({ line, chars });
  }
  return results;
}

/**
 * Findings for characters no font draws: one per slide, naming the characters and the line that holds
 * the first of them.
 */
export function glyphFindings(
  missing: readonly MissingGlyphs[],
  deck: Deck,
  cut: CutLabel,
  source: string | undefined,
): Finding[] {
  const lines = source?.split(/\r?\n/);
  const findings: Finding[] = [];
  for (const { line, chars } of missing) {
    const slide = deck.slides.find((s) => s.line === line);
    if (!slide) continue;
    const distinct = [...new Map(chars.map((c) => [c.char, c])).values()];
    const first = distinct[0];
    if (!first) continue;
    const named = distinct
      .slice(0, 3)
      .map((c) => `U+${(c.char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
      .join(', ');
    const more = distinct.length > 3 ? ` and ${distinct.length - 3} more` : '';
    const excerpt = first.text.length > 40 ? `${first.text.slice(0, 40).trimEnd()}…` : first.text;
    findings.push(
      makeFinding(
        deck,
        slide,
        'missing-glyph',
        `${slideName(deck, slide)}: no font can draw ${named}${more} in <${first.tag}> "${excerpt}" (it shows as a box); use other characters, or add a font that has them to the deck's css`,
        cut,
        lineWith(lines, deck, slide.line, first.char),
      ),
    );
  }
  return findings;
}

/** The first line of the slide that holds the character, else the slide's line. */
function lineWith(lines: readonly string[] | undefined, deck: Deck, from: number, char: string): number {
  if (!lines) return from;
  const next = Math.min(...deck.slides.map((s) => s.line).filter((l) => l > from), lines.length + 1);
  for (let line = from; line < next; line++) if (lines[line - 1]?.includes(char)) return line;
  return from;
}
