import type { Marked, Token, Tokens } from 'marked';
import type { Warning } from '../../errors.ts';
import type { AssetRef, DeckDocument } from '../../model.ts';
import { lineAt } from '../../parse/source-text.ts';
import { fenceLanguages } from '../highlight.ts';
import { fenceLanguage } from './code.ts';
import type { Fence, FenceServices } from './fence.ts';
import { pictureRenderer } from './registry.ts';

/** The pictures of a deck's fences, drawn before marked renders the slides (its renderers are synchronous). */
export interface DrawnFences {
  /** HTML by `fenceKey(language, text)`, for marked's code renderer to put in place of the code. */
  html: Map<string, string>;
  /** The deck's files each slide's pictures read (chart data), by the slide's index. */
  links: Map<number, AssetRef[]>;
  warnings: Warning[];
}

/** How marked's code renderer finds the picture of a fence. */
export function fenceKey(language: string, text: string): string {
  return `${language}\n${text}`;
}

/** Whether any fence of the deck has a picture renderer: only then is anything drawn. */
export function hasPictureFences(doc: DeckDocument): boolean {
  return doc.slides.some((s) =>
    fenceLanguages(s.markdown + (s.notes?.markdown ?? '')).some((l) => pictureRenderer(l) !== undefined),
  );
}

/**
 * Draws every picture fence of a deck (in slides and notes) with its renderer, once per distinct fence,
 * reading the fences with the deck's own marked instance so that exactly the fences it will render are
 * drawn (in lists and quotes too, not in code).
 *
 * @throws DeckError from a renderer, naming the fence's line.
 */
export async function drawFences(
  doc: DeckDocument,
  marked: Marked,
  services: FenceServices,
): Promise<DrawnFences> {
  const drawn: DrawnFences = { html: new Map(), links: new Map(), warnings: [] };
  const done = new Map<string, AssetRef[]>();
  for (const [index, slide] of doc.slides.entries()) {
    const parts = [{ text: slide.markdown, line: slide.line }];
    if (slide.notes) parts.push({ text: slide.notes.markdown, line: slide.notes.line });
    for (const part of parts) {
      if (!fenceLanguages(part.text).some((l) => pictureRenderer(l) !== undefined)) continue;
      const fences: Tokens.Code[] = [];
      marked.walkTokens(marked.lexer(part.text), (token: Token) => {
        if (token.type === 'code' && pictureRenderer(fenceLanguage(token.lang)) !== undefined) {
          fences.push(token as Tokens.Code);
        }
      });
      for (const token of fences) {
        const language = fenceLanguage(token.lang);
        const key = fenceKey(language, token.text);
        let links = done.get(key);
        if (!links) {
          const renderer = pictureRenderer(language);
          if (!renderer) continue;
          const fence = { language, text: token.text, file: doc.path, line: fenceLine(part, token.raw) };
          const result = await renderer.render(fence, services);
          if (result.html !== undefined) drawn.html.set(key, pictureHtml(fence, result.html));
          drawn.warnings.push(...result.warnings);
          links = result.links;
          done.set(key, links);
        }
        if (links.length > 0) drawn.links.set(index, [...(drawn.links.get(index) ?? []), ...links]);
      }
    }
  }
  return drawn;
}

/**
 * The file line of a fence's opening line. Inside a list item marked reads the fence without the item's
 * indentation, so its first line is looked for when the whole block is not found as written.
 */
function fenceLine(part: { text: string; line: number }, raw: string): number {
  const start = raw.replace(/^\n+/, '');
  let at = part.text.indexOf(start);
  if (at === -1) at = part.text.indexOf((start.split('\n')[0] ?? '').trim());
  return at === -1 ? part.line : part.line + lineAt(part.text, at) - 1;
}

/**
 * A picture's markup: a block the stylesheet sizes to the slide, naming the fence that made it and its
 * line, so that `check` can point at the fence of a picture that overflows.
 */
function pictureHtml(fence: Fence, html: string): string {
  return `<div class="pd-picture" data-fence="${fence.language}" data-line="${fence.line}">${html}</div>\n`;
}
