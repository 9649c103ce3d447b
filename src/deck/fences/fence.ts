import type { Warning } from '../../errors.ts';
import type { AssetRef } from '../../model.ts';

/** One fenced block of a slide, as marked read it. */
export interface Fence {
  /** The fence's language: its info string's first word (`mermaid`, `chart`, `js`). */
  language: string;
  /** The block's text, without the fence lines. */
  text: string;
  /** The deck's path as messages name it, and the 1-based file line of the opening fence. */
  file: string;
  line: number;
}

/**
 * How a deck's theme looks, for the pictures drawn at build time to match it: the theme stylesheet's
 * `--r-*` colours and main font.
 */
export interface PictureTheme {
  /** The background is dark: diagrams and charts are drawn light on dark. */
  dark: boolean;
  /** `#rrggbb` colours: the slide background, the body text and the link colour. */
  background: string;
  text: string;
  accent: string;
  /** The CSS font-family list of the body text. */
  font: string;
  /**
   * `@font-face` rules of that font, their `url()`s `file:` or `data:` URLs, for a renderer that measures
   * text; not part of the theme's identity (the same font may sit at another path on another machine).
   */
  fontFaces: string;
}

/** A drawing of a diagram, or the renderer's own words for why it could not draw it. */
export type DiagramResult = { svg: string } | { error: string };

/**
 * Draws diagrams (Mermaid) as SVG. Mermaid measures text, so it runs in a browser; whoever owns the
 * browser implements this and hands it to the build.
 */
export interface DiagramRenderer {
  render(source: string, theme: PictureTheme): Promise<DiagramResult>;
}

/**
 * Rendered pictures by a hash of what made them (source, theme, data): a rebuild that changes none of
 * it does not draw the picture again.
 */
export interface PictureCache {
  get(key: string): string | undefined;
  set(key: string, html: string): void;
}

/** What reading a file beside the deck gave: its text, or why there is none. */
export type DeckText =
  | { kind: 'text'; text: string }
  | { kind: 'missing' | 'outside' | 'hidden' | 'not-a-file' | 'unreadable' };

/** What a fence renderer may use besides the fence; each is given by the caller, never made here. */
export interface FenceServices {
  theme: PictureTheme;
  /** Draws diagrams; absent when the caller has no browser to give. */
  diagrams: DiagramRenderer | undefined;
  /** Reads a file by its path relative to the deck's folder, judged like every file a deck links. */
  readFile(path: string): DeckText;
  cache: PictureCache | undefined;
}

/**
 * A fence rendered: its HTML (undefined to show it as code after all), the deck's files it read (so
 * `serve` watches them, and they are copied beside the page) and any warnings.
 */
export interface RenderedFence {
  html: string | undefined;
  links: AssetRef[];
  warnings: Warning[];
}

/** Renders the fences of one language to HTML at build time, before marked renders the slide. */
export interface FenceRenderer {
  /**
   * Audience vars are filled in inside this fence (a chart showing each cut its own numbers); in every
   * other fence, `{{...}}` is code and stays as written.
   */
  readonly fillsVars: boolean;
  /** @throws DeckError naming the fence's line for a fence that cannot be rendered. */
  render(fence: Fence, services: FenceServices): Promise<RenderedFence>;
}
