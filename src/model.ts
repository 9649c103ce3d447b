import type { Warning } from './errors.ts';

/** A Markdown deck as read from disk. `path` is how the user named it, used in every message. */
export interface SourceFile {
  path: string;
  text: string;
}

/** How the source splits into slides. Foreign dialects are read so that existing decks still build. */
export type Dialect = 'reveal' | 'headings' | 'marp' | 'slidev';

/** A slide as cut from the source, before any Markdown is rendered. */
export interface RawSlide {
  /** 0-based horizontal and vertical position. */
  h: number;
  v: number;
  /** 1-based source line of the slide's first line. */
  line: number;
  markdown: string;
  /** Speaker notes in Markdown, or undefined when the slide has none. */
  notes: { markdown: string; line: number } | undefined;
  /** Attributes the dialect sets outside the Markdown (Slidev's per-slide front matter). */
  attributes: Record<string, string>;
  /**
   * Marp decks: the local directives in effect on this slide, by name without the `_` prefix: those it
   * inherits from earlier slides, those it sets, and its own `_` (spot) ones.
   */
  directives?: Record<string, Directive> | undefined;
}

/** A Marp directive's value as written (YAML read as text) and the source line that set it. */
export interface Directive {
  value: string;
  line: number;
}

/** The result of parsing: front matter as written, and the slides with their source lines. */
export interface DeckDocument {
  path: string;
  dialect: Dialect;
  /** The front matter as parsed YAML, not yet validated. */
  frontMatter: Record<string, unknown>;
  /**
   * 1-based line of each top-level front matter key, for messages; keys nested under `audiences` and
   * `vars` are there too, dotted (`audiences.cto.theme`).
   */
  frontMatterLines: Record<string, number>;
  slides: RawSlide[];
  /** Marp decks: the global directives (`style`, `lang`, `size`, ...), the last value of each. */
  directives?: Record<string, Directive> | undefined;
  warnings: Warning[];
}

export const BUILTIN_THEMES = [
  'beige',
  'black',
  'black-contrast',
  'blood',
  'dracula',
  'league',
  'moon',
  'night',
  'serif',
  'simple',
  'sky',
  'solarized',
  'white',
  'white-contrast',
] as const;

/** Themes pitchdeck ships itself, in templates/themes/. */
export const OWN_THEMES = ['pitch'] as const;

export const LAYOUTS = ['title', 'section', 'default', 'two-column', 'quote', 'stat', 'full-image'] as const;
export type LayoutName = (typeof LAYOUTS)[number];

/**
 * A theme is a named theme (built in or pitchdeck's own), a stylesheet beside the deck (`file`, relative
 * to its folder), or a stylesheet in the shared assets (`asset`, its path below them: a theme named on
 * the command line, `--theme ./mytheme.css`).
 */
export type ThemeRef =
  | { type: 'named'; name: string }
  | { type: 'file'; path: string }
  | { type: 'asset'; path: string };

/** Validated deck settings with every default applied. */
export interface DeckConfig {
  title: string;
  subtitle: string | undefined;
  author: string | undefined;
  date: string | undefined;
  /** PDF keywords. */
  keywords: string[];
  /** The deck's language, a BCP 47 tag (default `en`): the page's `lang` and the PDF's /Lang. */
  lang: string;
  theme: ThemeRef;
  transition: string;
  width: number;
  height: number;
  highlightTheme: string;
  /**
   * Speaker notes kept (default) or stripped (front matter `notes: false`, per audience too): a deck
   * without them has no notes in its page, its PDF or its PowerPoint file.
   */
  notes: boolean;
  /** Extra stylesheets, relative to the deck. */
  css: string[];
  /** Passed to Reveal.initialize() after pitchdeck's own options. */
  revealOptions: Record<string, unknown>;
  /** Thresholds of `pitchdeck check` (front matter `check:`). */
  check: CheckConfig;
}

/** What `pitchdeck check` holds a deck to; front matter `check: { maxWords: 40 }` changes a threshold. */
export interface CheckConfig {
  /** More words than this on a slide (code blocks not counted) is a `word-count` warning. */
  maxWords: number;
  /** Text smaller than this, in px as shown on a 1280×720 screen, is a `min-font-size` warning. */
  minFontSize: number;
  /** Every slide must have speaker notes (`missing-notes`); off unless the deck opts in. */
  notes: boolean;
  /** Rule ids not to report for this deck, e.g. `[no-heading]`. */
  ignore: string[];
}

/** What a slide shows, by layout: each layout template receives one of these. */
export type SlideContent =
  | { type: 'default'; html: string }
  | { type: 'title'; html: string; generated: boolean }
  | { type: 'section'; html: string }
  | { type: 'two-column'; head: string; columns: string[] }
  | { type: 'quote'; html: string }
  | { type: 'stat'; value: string; label: string }
  | { type: 'full-image'; html: string; image: string }
  /** A layout a templates folder adds (`layouts/banner.hbs`): the slide as written, like `default`. */
  | { type: 'custom'; layout: string; html: string };

/** A file a slide links to, relative to the deck's folder, with where it is used. */
export interface AssetRef {
  path: string;
  line: number;
}

export interface Slide {
  h: number;
  v: number;
  line: number;
  /** Text of the first heading, or '' when the slide has none. */
  title: string;
  /** Attributes of the slide's <section>, `.slide:` comments included. */
  attributes: Record<string, string>;
  content: SlideContent;
  notesHtml: string | undefined;
  assets: AssetRef[];
  /** Pictures, videos and frames the slide loads from the network (`https://...`), with their lines. */
  remoteMedia: { url: string; line: number }[];
  /** What a slide shows around its content (Marp decks): backgrounds, header, footer, page number. */
  frame: SlideFrame | undefined;
  /**
   * `.element:` comments with no element before them: reveal.js gives their attributes to the slide,
   * which is rarely what was meant. The comment's text and source line.
   */
  strayElements: { comment: string; line: number }[];
}

/**
 * What a slide shows around its content, from Marp's image syntax and directives: images laid over the
 * slide (or over one side of it), a header, a footer and a page number, each placed against the slide's
 * edges rather than in the flow of its content.
 */
export interface SlideFrame {
  /** `![bg](...)` images, side by side (or one above the other) over the slide or its split side. */
  backgrounds: BackgroundImage[];
  direction: 'horizontal' | 'vertical';
  /** A split background: the side the images take, and the share of the slide's width (`50%`). */
  split: { side: 'left' | 'right'; size: string } | undefined;
  /** HTML of the header and footer (Markdown inline), or undefined. */
  header: string | undefined;
  footer: string | undefined;
  /** The page number the slide shows, or undefined when it shows none. */
  page: number | undefined;
}

/** A background image: its URL as the browser reads it, CSS `background-size`, CSS `filter`, alt text. */
export interface BackgroundImage {
  url: string;
  size: string;
  filter: string | undefined;
  alt: string;
}

/** A validated deck: config, rendered slides and everything that was worth a warning. */
export interface Deck {
  path: string;
  /** File name without extension: the deck's folder name in the output. */
  name: string;
  config: DeckConfig;
  slides: Slide[];
  /** Some slide or note has typeset maths: the page needs KaTeX's stylesheet and fonts. */
  maths: boolean;
  /**
   * Stylesheets the deck sets for every slide (Marp's `style` directive), as CSS that cannot close a
   * `<style>` element early (postcss writes `<` in `</style` as an escape).
   */
  styles: string[];
  warnings: Warning[];
}

/** A deck rendered to a page: the HTML and the local files it needs beside it. */
export interface RenderedDeck {
  html: string;
  assets: AssetRef[];
}
