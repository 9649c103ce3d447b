import type { Marked } from 'marked';
import { DeckError, type Warning } from '../errors.ts';
import type { AssetRef, Deck, DeckDocument, LayoutName, RawSlide, Slide } from '../model.ts';
import { checkNesting, isStackOverflow, tooDeepToRender } from '../parse/nesting.ts';
import { lineAt } from '../parse/source-text.ts';
import { localLinks } from './assets.ts';
import { createHighlighter, fenceLanguages, type Highlighter } from './highlight.ts';
import { checkLayout, layoutContent } from './layouts.ts';
import { createMarkdown } from './markdown.ts';
import { applyMarp, type MarpContext, marpPageNumbers } from './marp.ts';
import { type ConfigOptions, resolveConfig } from './resolve-config.ts';
import {
  ElementDepthError,
  firstHeading,
  MAX_ELEMENT_DEPTH,
  parseSlideHtml,
  plainText,
} from './slide-dom.ts';
import { loadSlideStyler, SlideStyleError, type SlideStyler } from './slide-styles.ts';

export interface BuildDeckOptions extends Omit<ConfigOptions, 'fallbackTitle'> {
  /** A highlighter to reuse across decks; by default one is made with the deck's languages. */
  highlighter?: Highlighter | undefined;
}

/**
 * Validates a parsed deck and renders every slide's Markdown to HTML, shaped by its layout. Pure but for
 * loading highlight.js languages on demand.
 *
 * @throws DeckError for invalid front matter, an unknown layout or theme, or a slide nested too deeply.
 */
export async function buildDeck(doc: DeckDocument, options: BuildDeckOptions = {}): Promise<Deck> {
  const languages = doc.slides.flatMap((s) => fenceLanguages(s.markdown + (s.notes?.markdown ?? '')));
  const highlighter = options.highlighter ?? (await createHighlighter(languages));
  const marked = createMarkdown({ highlighter, fencedDivs: doc.dialect === 'headings' });
  const warnings: Warning[] = [...doc.warnings];
  const marp = doc.dialect === 'marp' ? await marpDeck(doc, warnings) : undefined;

  const slides = doc.slides.map((raw, index) => buildSlide(raw, index, doc, marked, marp, warnings));
  const name = deckName(doc.path);
  const { config, warnings: configWarnings } = resolveConfig(doc, slides[0]?.title ?? '', {
    ...options,
    fallbackTitle: name,
  });
  warnings.push(...configWarnings);
  return { path: doc.path, name, config, slides, styles: marp?.styles ?? [], warnings };
}

/** What every slide of a Marp deck shares: page numbers, the stylesheet rewriter, `lang`, `style`. */
interface MarpDeck {
  pages: (number | undefined)[];
  styler: SlideStyler | undefined;
  lang: string | undefined;
  styles: string[];
}

async function marpDeck(doc: DeckDocument, warnings: Warning[]): Promise<MarpDeck> {
  const style = doc.directives?.style;
  const styler =
    style !== undefined || doc.slides.some((s) => /<style[\s>]/i.test(s.markdown))
      ? await loadSlideStyler()
      : undefined;
  const styles: string[] = [];
  if (style !== undefined && styler) {
    try {
      styles.push(styler(style.value));
    } catch (error) {
      if (!(error instanceof SlideStyleError)) throw error;
      warnings.push({
        file: doc.path,
        line: style.line,
        code: 'marp-style',
        message: `the style directive is not CSS pitchdeck can read (${error.reason}); ignored`,
      });
    }
  }
  return {
    pages: marpPageNumbers(doc.slides.map((s) => s.directives?.paginate?.value)),
    styler,
    lang: doc.directives?.lang?.value,
    styles,
  };
}

/**
 * A slide, refused with a `too-deep` DeckError when its nesting would overflow the stack: blockquotes
 * and lists are counted before marked runs, HTML elements before the tree is walked, and any other
 * overflow (emphasis inside emphasis thousands of times) is caught on the way out.
 */
function buildSlide(
  raw: RawSlide,
  index: number,
  doc: DeckDocument,
  marked: Marked,
  marp: MarpDeck | undefined,
  warnings: Warning[],
): Slide {
  const where = { file: doc.path, line: raw.line };
  checkNesting(raw.markdown, where);
  if (raw.notes) checkNesting(raw.notes.markdown, { file: doc.path, line: raw.notes.line });
  try {
    return renderSlide(raw, index, doc, marked, marp, warnings);
  } catch (error) {
    if (error instanceof ElementDepthError) {
      throw new DeckError(`${error.message} in this slide`, {
        ...where,
        line: raw.line + deepHtmlLine(raw.markdown, MAX_ELEMENT_DEPTH),
        code: 'too-deep',
        hint: `Nesting deeper than ${MAX_ELEMENT_DEPTH} elements is refused; flatten it.`,
        cause: error,
      });
    }
    if (!isStackOverflow(error)) throw error;
    const notes = raw.notes;
    const inNotes = notes !== undefined && overflows(() => marked.parse(notes.markdown));
    throw inNotes
      ? tooDeepToRender(notes.markdown, { file: doc.path, line: notes.line }, (t) => marked.parse(t), error)
      : tooDeepToRender(raw.markdown, where, (t) => marked.parse(t), error);
  }
}

/**
 * The 0-based line of a slide's Markdown where raw HTML first opens more elements than `limit` without
 * closing them, counted roughly by tags (the tree already said the nesting is too deep; this only
 * points at where); 0 when no line does.
 */
function deepHtmlLine(markdown: string, limit: number): number {
  let depth = 0;
  for (const [index, line] of markdown.split('\n').entries()) {
    for (const tag of line.matchAll(/<(\/?)[a-zA-Z][^<>]*?(\/?)>/g)) {
      if (tag[1]) depth--;
      else if (!tag[2]) depth++;
      if (depth > limit) return index;
    }
  }
  return 0;
}

function overflows(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    return isStackOverflow(error);
  }
}

function renderSlide(
  raw: RawSlide,
  index: number,
  doc: DeckDocument,
  marked: Marked,
  marp: MarpDeck | undefined,
  warnings: Warning[],
): Slide {
  const html = marked.parse(raw.markdown) as string;
  const dom = parseSlideHtml(html);
  const attributes: Record<string, string> = { ...raw.attributes, ...dom.sectionAttributes };
  let frame: Slide['frame'];
  const marpAssets: AssetRef[] = [];
  if (marp) {
    const context: MarpContext = {
      file: doc.path,
      marked,
      styler: marp.styler,
      lang: marp.lang,
      lineOf: (needle) => sourceLine(raw, needle),
    };
    const applied = applyMarp(dom.root, attributes, raw, String(index + 1), marp.pages[index], context);
    frame = applied.frame;
    marpAssets.push(...applied.assets);
    warnings.push(...applied.warnings);
  }
  const chosen = attributes.layout;
  delete attributes.layout;
  const heading = firstHeading(dom.root);
  const where = { file: doc.path, line: sourceLine(raw, 'layout='), attributes };
  const layout: LayoutName =
    chosen !== undefined ? checkLayout(chosen, where) : automaticLayout(index, heading?.name, doc);
  const title = heading ? plainText(heading) : '';
  const assets: AssetRef[] = localLinks(dom.root, attributes).map((path) => ({
    path,
    // A Marp directive that links a file is no longer in the Markdown; it knows its own line.
    line: raw.markdown.includes(path)
      ? sourceLine(raw, path)
      : (marpAssets.find((a) => a.path === path)?.line ?? raw.line),
  }));
  for (const asset of marpAssets) if (!assets.some((a) => a.path === asset.path)) assets.push(asset);
  const content = layoutContent(layout, dom.root, where);
  const notesHtml = raw.notes ? (marked.parse(raw.notes.markdown) as string) : undefined;
  const strayElements = dom.strayElementComments.map((comment) => ({
    comment,
    line: sourceLine(raw, comment),
  }));
  return {
    h: raw.h,
    v: raw.v,
    line: raw.line,
    title,
    attributes,
    content,
    notesHtml,
    assets,
    frame,
    strayElements,
  };
}

/** The first slide is the title; in a document split on headings, a top-level heading opens a section. */
function automaticLayout(index: number, heading: string | undefined, doc: DeckDocument): LayoutName {
  if (index === 0) return 'title';
  const slideLevel = typeof doc.frontMatter.slideLevel === 'number' ? doc.frontMatter.slideLevel : 2;
  if (doc.dialect === 'headings' && heading && Number(heading.slice(1)) < slideLevel) return 'section';
  return 'default';
}

/** The file line where `needle` first appears in a slide, or the slide's own line. */
function sourceLine(raw: RawSlide, needle: string): number {
  const at = raw.markdown.indexOf(needle);
  return at === -1 ? raw.line : raw.line + lineAt(raw.markdown, at) - 1;
}

/** `slides/elixir-pitch.md` is the deck `elixir-pitch`. */
export function deckName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.(md|markdown|qmd|txt)$/i, '') || 'deck';
}
