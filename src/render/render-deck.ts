import type { AssetRef, BackgroundImage, Deck, RenderedDeck, Slide, SlideFrame } from '../model.ts';
import { type DeclaredFace, fallbackFontCss } from './script-fonts.ts';
import type { Templates } from './templates.ts';

export interface RenderOptions {
  /** URL of the shared assets folder as seen from the page, e.g. `../_assets`. */
  assetBase: string;
  /** pitchdeck's version, for the generator meta tag. */
  version: string;
  /** Drop speaker notes from the page (a handout). */
  notes?: boolean;
  /** The fallback fonts' subsets the deck's text needs, declared in the page. */
  fallbackFonts?: readonly DeclaredFace[];
  /**
   * Stylesheets in the shared assets (paths below them) linked after the deck's own: those named on the
   * command line (`--css`).
   */
  stylesheets?: readonly string[];
}

/** reveal.js options pitchdeck sets; the deck's `revealOptions` win over them. */
function revealConfig(deck: Deck): Record<string, unknown> {
  const { width, height, transition, revealOptions } = deck.config;
  // The deck's width, height and transition already took revealOptions into account; they win here so
  // that the page and the PDF agree on the size.
  return { hash: true, margin: 0.04, ...revealOptions, width, height, transition };
}

/**
 * Renders a deck to one HTML page with the templates. Pure: the page and the list of files it links to
 * come back; nothing is written.
 *
 * @throws DeckError naming the template when a template fails.
 */
export function renderDeck(deck: Deck, templates: Templates, options: RenderOptions): RenderedDeck {
  const { config } = deck;
  const withNotes = options.notes !== false;
  const theme =
    config.theme.type === 'named'
      ? `${options.assetBase}/theme/${config.theme.name}.css`
      : config.theme.type === 'asset'
        ? `${options.assetBase}/${config.theme.path}`
        : config.theme.path;
  const context = {
    title: config.title,
    lang: config.lang,
    subtitle: config.subtitle ?? null,
    author: config.author ?? null,
    date: config.date ?? null,
    byline: [config.author, config.date].filter(Boolean).join(' · ') || null,
    version: options.version,
    assets: options.assetBase,
    themeHref: theme,
    highlightHref: `${options.assetBase}/highlight/${config.highlightTheme}.css`,
    // KaTeX's stylesheet, only in pages with maths.
    maths: deck.maths,
    fontFaces:
      options.fallbackFonts && options.fallbackFonts.length > 0
        ? fallbackFontCss(options.fallbackFonts, `${options.assetBase}/fonts`)
        : null,
    css: [...config.css, ...(options.stylesheets ?? []).map((path) => `${options.assetBase}/${path}`)],
    styles: deck.styles,
    reveal: revealConfig(deck),
    stacks: stacks(deck.slides).map((group) => ({
      vertical: group.length > 1,
      slides: group.map((slide) => ({
        attributes: attributeString(slide),
        partial: `layout-${layoutName(slide)}`,
        content: slide.content,
        frame: slide.frame ? frameContext(slide.frame) : null,
        notes: withNotes ? (slide.notesHtml ?? null) : null,
      })),
    })),
  };
  const assets: AssetRef[] = deck.slides.flatMap((s) => s.assets);
  if (config.theme.type === 'file') assets.push({ path: config.theme.path, line: 0 });
  for (const path of config.css) assets.push({ path, line: 0 });
  return { html: templates.page(context), assets };
}

/** The layout a slide is shown with: `layouts/<name>.hbs`. */
function layoutName(slide: Slide): string {
  return slide.content.type === 'custom' ? slide.content.layout : slide.content.type;
}

/** Slides grouped by horizontal position: a group of more than one is a vertical stack. */
export function stacks(slides: readonly Slide[]): Slide[][] {
  const groups: Slide[][] = [];
  let h: number | undefined;
  for (const slide of slides) {
    if (slide.h !== h) groups.push([]);
    groups.at(-1)?.push(slide);
    h = slide.h;
  }
  return groups;
}

/** What the frame partials show; absent parts are null, as strict templates need. */
function frameContext(frame: SlideFrame) {
  return {
    backgrounds:
      frame.backgrounds.length === 0
        ? null
        : frame.backgrounds.map((bg) => ({ style: backgroundStyle(bg), alt: bg.alt || null })),
    direction: frame.direction,
    split: frame.split?.side ?? null,
    header: frame.header ?? null,
    footer: frame.footer ?? null,
    page: frame.page ?? null,
  };
}

/** A background image as inline CSS; the URL is a CSS string, so quotes and backslashes are escaped. */
function backgroundStyle(bg: BackgroundImage): string {
  const url = bg.url.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\a ');
  const filter = bg.filter ? ` filter: ${bg.filter};` : '';
  return `background-image: url("${url}"); background-size: ${bg.size};${filter}`;
}

function attributeString(slide: Slide): string {
  const attributes = { ...slide.attributes };
  attributes.class = [attributes.class, `pd-layout-${layoutName(slide)}`].filter(Boolean).join(' ');
  const frame = slide.frame;
  if (frame) {
    // A framed slide fills the slide's area, so that what is laid against its edges is at the slide's.
    attributes.class += ' pd-frame';
    if (frame.split) {
      attributes['data-pd-split'] = frame.split.side;
      attributes.style = [attributes.style, `--pd-split: ${frame.split.size};`].filter(Boolean).join(' ');
    }
  }
  attributes['data-source-line'] = String(slide.line);
  return Object.entries(attributes)
    .map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`))
    .join('');
}

/** Attribute values from `.slide:` comments arrive as written in HTML: only quotes need escaping. */
function escapeAttribute(value: string): string {
  return value.replace(/"/g, '&quot;');
}
