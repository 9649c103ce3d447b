import type { Marked } from 'marked';
import { DeckError, type Warning } from '../errors.ts';
import type {
  AssetRef,
  Deck,
  DeckDocument,
  LayoutName,
  RawSlide,
  Slide,
  SlideContent,
  ThemeRef,
} from '../model.ts';
import { checkNesting, isStackOverflow, tooDeepToRender } from '../parse/nesting.ts';
import { lineAt } from '../parse/source-text.ts';
import { isRemote, localLinks, remoteMedia } from './assets.ts';
import type { DeckText, DiagramRenderer, FenceServices, PictureCache, PictureTheme } from './fences/fence.ts';
import { DEFAULT_PICTURE_THEME } from './fences/picture-theme.ts';
import { type DrawnFences, drawFences, hasPictureFences, PictureSlots } from './fences/render-fences.ts';
import { createHighlighter, fenceLanguages, type Highlighter } from './highlight.ts';
import { checkLayout, layoutContent } from './layouts.ts';
import { createMarkdown } from './markdown.ts';
import { applyMarp, type MarpContext, marpPageNumbers } from './marp.ts';
import { createTypesetter, describeMathsError, MathsError, mayHaveMaths } from './maths.ts';
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
  /** What drawing the deck's diagrams and charts needs, given by the caller (see `PictureOptions`). */
  pictures?: PictureOptions | undefined;
  /**
   * The layouts there are templates for (`Templates.layouts`): besides pitchdeck's own, those a templates
   * folder adds may be chosen with `layout="..."`.
   */
  layouts?: ReadonlySet<string> | undefined;
}

/**
 * What pictures are drawn with. Without it, they get the default look, charts can read no data file
 * and diagrams stay code (with a warning).
 */
export interface PictureOptions {
  /** The look of a theme, for pictures drawn in it. */
  theme?: ((theme: ThemeRef) => Promise<PictureTheme>) | undefined;
  /** Draws diagrams, in a browser the caller owns. */
  diagrams?: DiagramRenderer | undefined;
  /** Reads a file by its path relative to the deck's folder (chart data). */
  readFile?: ((path: string) => DeckText) | undefined;
  /** Pictures drawn before, by a hash of what made them. */
  cache?: PictureCache | undefined;
}

/**
 * Validates a parsed deck and renders every slide's Markdown to HTML, shaped by its layout: maths
 * typeset, diagrams and charts drawn. Pure but for loading libraries on demand and what `options`
 * gives (a browser to draw diagrams in, files to read chart data from).
 *
 * @throws DeckError for invalid front matter, an unknown layout or theme, a slide nested too deeply,
 *   TeX KaTeX cannot typeset, or a diagram or chart that cannot be drawn.
 */
export async function buildDeck(doc: DeckDocument, options: BuildDeckOptions = {}): Promise<Deck> {
  const languages = doc.slides.flatMap((s) => fenceLanguages(s.markdown + (s.notes?.markdown ?? '')));
  const highlighter = options.highlighter ?? (await createHighlighter(languages));
  const maths = doc.slides.some((s) => mayHaveMaths(s.markdown + (s.notes?.markdown ?? '')))
    ? await createTypesetter()
    : undefined;
  const markdown = { highlighter, fencedDivs: doc.dialect === 'headings', maths };
  const name = deckName(doc.path);
  let drawn: DrawnFences | undefined;
  if (hasPictureFences(doc)) {
    drawn = await drawFences(doc, createMarkdown(markdown), await fenceServices(doc, name, options));
  }
  const pictures = drawn && new PictureSlots(drawn.pictures);
  const marked: Renderers = {
    slides: createMarkdown({ ...markdown, pictures }),
    // The speaker view shows notes without the deck's stylesheets: their maths is MathML alone, which
    // browsers typeset themselves.
    notes: maths ? createMarkdown({ ...markdown, pictures, maths: maths.mathmlOnly }) : undefined,
    pictures,
  };
  const warnings: Warning[] = [...doc.warnings, ...(drawn?.warnings ?? [])];
  const marp = doc.dialect === 'marp' ? await marpDeck(doc, warnings) : undefined;

  const built = doc.slides.map((raw, index) =>
    buildSlide(raw, index, doc, marked, drawn?.links.get(index) ?? [], marp, warnings, options.layouts),
  );
  const { config, warnings: configWarnings } = resolveConfig(doc, built[0]?.title ?? '', {
    ...options,
    fallbackTitle: name,
  });
  warnings.push(...configWarnings);
  // `notes: false` (an audience's, say): the notes are not this cut's, in its page, PDF or PPTX.
  const slides = config.notes ? built : built.map((slide) => ({ ...slide, notesHtml: undefined }));
  return {
    path: doc.path,
    name,
    config,
    slides,
    maths: maths?.used ?? false,
    styles: marp?.styles ?? [],
    warnings,
  };
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

/** The Marked instances of a deck (one for slides and, when it differs, one for notes), and its pictures. */
interface Renderers {
  slides: Marked;
  notes: Marked | undefined;
  pictures: PictureSlots | undefined;
}

/** Pictures are drawn in the deck's theme, known before any slide is rendered. */
async function fenceServices(
  doc: DeckDocument,
  name: string,
  options: BuildDeckOptions,
): Promise<FenceServices> {
  const pictures = options.pictures ?? {};
  // The theme alone: the title (from the first heading) waits for the slides. Its warnings come later.
  const { theme } = resolveConfig(doc, '', { ...options, fallbackTitle: name }).config;
  return {
    theme: (await pictures.theme?.(theme)) ?? DEFAULT_PICTURE_THEME,
    diagrams: pictures.diagrams,
    readFile: pictures.readFile ?? (() => ({ kind: 'unreadable' })),
    cache: pictures.cache,
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
  renderers: Renderers,
  pictureLinks: readonly AssetRef[],
  marp: MarpDeck | undefined,
  warnings: Warning[],
  layouts: ReadonlySet<string> | undefined,
): Slide {
  const marked = renderers.slides;
  const notesMarked = renderers.notes ?? marked;
  const where = { file: doc.path, line: raw.line };
  checkNesting(raw.markdown, where);
  if (raw.notes) checkNesting(raw.notes.markdown, { file: doc.path, line: raw.notes.line });
  try {
    return renderSlide(raw, index, doc, renderers, pictureLinks, marp, warnings, layouts);
  } catch (error) {
    if (error instanceof MathsError) {
      throw new DeckError(describeMathsError(error.source, error.detail), {
        file: doc.path,
        line: mathsLine(raw, error.source),
        code: 'maths',
        hint: 'Maths is typeset with KaTeX, which knows most of LaTeX’s maths (https://katex.org/docs/supported.html); a dollar sign meant as text is written \\$.',
        cause: error,
      });
    }
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
    const inNotes = notes !== undefined && overflows(() => notesMarked.parse(notes.markdown));
    throw inNotes
      ? tooDeepToRender(
          notes.markdown,
          { file: doc.path, line: notes.line },
          (t) => notesMarked.parse(t),
          error,
        )
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

/** The line of a formula in a slide or its notes. */
function mathsLine(raw: RawSlide, source: string): number {
  if (raw.markdown.includes(source) || !raw.notes?.markdown.includes(source)) return sourceLine(raw, source);
  return raw.notes.line + lineAt(raw.notes.markdown, raw.notes.markdown.indexOf(source)) - 1;
}

function renderSlide(
  raw: RawSlide,
  index: number,
  doc: DeckDocument,
  renderers: Renderers,
  pictureLinks: readonly AssetRef[],
  marp: MarpDeck | undefined,
  warnings: Warning[],
  layouts: ReadonlySet<string> | undefined,
): Slide {
  const html = renderers.slides.parse(raw.markdown) as string;
  const dom = parseSlideHtml(html);
  const attributes: Record<string, string> = { ...raw.attributes, ...dom.sectionAttributes };
  let frame: Slide['frame'];
  const marpAssets: AssetRef[] = [];
  if (marp) {
    const context: MarpContext = {
      file: doc.path,
      marked: renderers.slides,
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
  const layout =
    chosen !== undefined ? checkLayout(chosen, where, layouts) : automaticLayout(index, heading?.name, doc);
  const title = heading ? plainText(heading) : '';
  const assets: AssetRef[] = [
    ...localLinks(dom.root, attributes).map((path) => ({
      path,
      // A Marp directive that links a file is no longer in the Markdown; it knows its own line.
      line: raw.markdown.includes(path)
        ? sourceLine(raw, path)
        : (marpAssets.find((a) => a.path === path)?.line ?? raw.line),
    })),
    ...pictureLinks,
  ];
  for (const asset of marpAssets) if (!assets.some((a) => a.path === asset.path)) assets.push(asset);
  const remote = [
    ...remoteMedia(dom.root, attributes),
    ...(frame?.backgrounds.map((bg) => bg.url).filter(isRemote) ?? []),
  ];
  const fill = (html: string) => renderers.pictures?.fill(html) ?? html;
  const content = fillContent(layoutContent(layout, dom.root, where), fill);
  const notesHtml = raw.notes
    ? fill((renderers.notes ?? renderers.slides).parse(raw.notes.markdown) as string)
    : undefined;
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
    remoteMedia: [...new Set(remote)].map((url) => ({ url, line: sourceLine(raw, url) })),
    frame,
    strayElements,
  };
}

/** A slide's content with `fill` applied to each piece of HTML (the pictures put in their slots). */
function fillContent(content: SlideContent, fill: (html: string) => string): SlideContent {
  switch (content.type) {
    case 'two-column':
      return { ...content, head: fill(content.head), columns: content.columns.map(fill) };
    case 'stat':
      return { ...content, value: fill(content.value), label: fill(content.label) };
    default:
      return { ...content, html: fill(content.html) };
  }
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
