import type { Marked, Token, Tokens } from 'marked';
import type { Warning } from '../../errors.ts';
import type { AssetRef, DeckDocument } from '../../model.ts';
import { lineAt } from '../../parse/source-text.ts';
import { fenceLanguages } from '../highlight.ts';
import { fenceLanguage } from './code.ts';
import type { Fence, FenceServices } from './fence.ts';
import { pictureRenderer } from './registry.ts';
import { uniqueIds } from './unique-ids.ts';

/** A fence's picture: the block around it (naming the fence) and the drawing. */
export interface DrawnPicture {
  /** `<div class="pd-picture" ...>`: the block's opening tag. */
  open: string;
  svg: string;
}

/** The pictures of a deck's fences, drawn before marked renders the slides (its renderers are synchronous). */
export interface DrawnFences {
  /** Pictures by `fenceKey(language, text)`, for marked's code renderer to put in place of the code. */
  pictures: Map<string, DrawnPicture>;
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
  const drawn: DrawnFences = { pictures: new Map(), links: new Map(), warnings: [] };
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
          if (result.html !== undefined)
            drawn.pictures.set(key, { open: pictureOpen(fence), svg: result.html });
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
 * A picture's block, which the stylesheet sizes to the slide, naming the fence that made it and its
 * line, so that `check` can point at the fence of a picture that overflows.
 */
function pictureOpen(fence: Fence): string {
  return `<div class="pd-picture" data-fence="${fence.language}" data-line="${fence.line}">`;
}

const SLOT = /<svg data-pd-slot="(\d+)"\s*(?:\/>|><\/svg>)/g;

/**
 * Puts a deck's pictures in its slides. While a slide's HTML is parsed, laid out and serialised, a
 * picture is an empty slot in its block (a drawing is thousands of elements none of those steps need);
 * `fill` puts the drawings in afterwards. Ids are kept unique in the page (see `uniqueIds`).
 */
export class PictureSlots {
  readonly #drawn: ReadonlyMap<string, DrawnPicture>;
  readonly #ids = new Set<string>();
  readonly #placed: string[] = [];

  constructor(drawn: ReadonlyMap<string, DrawnPicture>) {
    this.#drawn = drawn;
  }

  /** The markup of a fence's picture, with a slot for its drawing; undefined for a fence that is code. */
  place(language: string, text: string): string | undefined {
    const picture = this.#drawn.get(fenceKey(language, text));
    if (!picture) return undefined;
    this.#placed.push(uniqueIds(picture.svg, this.#ids));
    return `${picture.open}<svg data-pd-slot="${this.#placed.length - 1}"></svg></div>\n`;
  }

  /** HTML with every slot filled with its drawing. */
  fill(html: string): string {
    return html.replace(SLOT, (whole, index: string) => this.#placed[Number(index)] ?? whole);
  }
}
