import type { Document } from 'domhandler';
import type { Marked } from 'marked';
import type { Warning } from '../errors.ts';
import type { BackgroundImage, Directive, RawSlide, SlideFrame } from '../model.ts';
import { localLinks, localPath } from './assets.ts';
import {
  Comment,
  decodeAttribute,
  Element,
  elements,
  HEADING,
  isBlank,
  parseSlideHtml,
  removeNode,
  serialize,
  Text,
} from './slide-dom.ts';
import { SlideStyleError, type SlideStyler } from './slide-styles.ts';

/**
 * What a Marp deck's slides show beyond Markdown: Marp's image syntax (`![bg](...)` backgrounds, sizes
 * and filters in the alt text), fitting headings (`# <!-- fit --> Title`), `<style scoped>`, and the
 * local directives the parse stage read (classes, colours, backgrounds, header, footer, page numbers).
 *
 * @module
 */

export interface MarpContext {
  file: string;
  marked: Marked;
  /** Rewrites `<style>` elements for the page; undefined when no slide of the deck has one. */
  styler: SlideStyler | undefined;
  /** The deck's `lang` directive. */
  lang: string | undefined;
  /** The file line where `needle` first appears in the slide. */
  lineOf: (needle: string) => number;
}

export interface MarpSlide {
  frame: SlideFrame | undefined;
  /** Local files the frame and directives link (background images, a header's logo). */
  assets: { path: string; line: number }[];
  warnings: Warning[];
}

/**
 * Applies Marp's syntax to a slide's DOM and section attributes (both changed in place) and returns
 * what the slide shows around its content. `page` is the page number it shows, if any.
 */
export function applyMarp(
  root: Document,
  attributes: Record<string, string>,
  raw: RawSlide,
  scope: string,
  page: number | undefined,
  context: MarpContext,
): MarpSlide {
  const warnings: Warning[] = [];
  const assets: MarpSlide['assets'] = [];
  const directives = raw.directives ?? {};

  const backgrounds: BackgroundImage[] = [];
  let split: SlideFrame['split'];
  let direction: SlideFrame['direction'] = 'horizontal';
  for (const img of [...elements(root)].filter((el) => el.name === 'img')) {
    const options = imageOptions(decodeAttribute(img.attribs.alt ?? ''));
    if (!options.bg) {
      styleImage(img, options);
      continue;
    }
    const url = decodeAttribute(img.attribs.src ?? '');
    backgrounds.push({ url, size: options.size, filter: filterOf(options), alt: options.alt });
    if (options.split) split = options.split;
    if (options.direction) direction = options.direction;
    const path = localPath(img.attribs.src ?? '');
    if (path !== undefined) assets.push({ path, line: context.lineOf(img.attribs.src ?? '') });
    removeEmptied(img);
  }

  fitHeadings(root);
  scopeStyles(root, attributes, scope, context, warnings);

  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') attributes[name] ??= value;
  };
  const classes = directives.class?.value;
  if (classes) attributes.class = [attributes.class, classes].filter(Boolean).join(' ');
  const color = directives.color?.value;
  if (color) {
    // The theme colours headings and text through its variables; Marp's `color` means all text.
    const style = `color: ${color}; --r-main-color: ${color}; --r-heading-color: ${color};`;
    attributes.style = [attributes.style, style].filter(Boolean).join(' ');
  }
  set('data-background-color', directives.backgroundColor?.value);
  const image = directives.backgroundImage;
  if (image) {
    const url = singleUrl(image.value);
    if (url !== undefined) set('data-background-image', url);
    else set('data-background-gradient', image.value);
    for (const found of cssUrls(image.value)) {
      const path = localPath(found);
      if (path !== undefined) assets.push({ path, line: image.line });
    }
    set('data-background-position', directives.backgroundPosition?.value);
    set('data-background-repeat', directives.backgroundRepeat?.value);
    set('data-background-size', directives.backgroundSize?.value);
  }
  set('data-transition', directives.transition?.value);
  set('lang', context.lang);

  const header = marginal(directives.header, context, assets);
  const footer = marginal(directives.footer, context, assets);
  const frame =
    backgrounds.length > 0 || header !== undefined || footer !== undefined || page !== undefined
      ? { backgrounds, direction, split: backgrounds.length > 0 ? split : undefined, header, footer, page }
      : undefined;
  return { frame, assets, warnings };
}

/** What Marp's keywords in an image's alt text ask for; the words that are not keywords are the alt. */
interface ImageOptions {
  bg: boolean;
  /** CSS `background-size` for a background. */
  size: string;
  split: SlideFrame['split'];
  direction: SlideFrame['direction'] | undefined;
  width: string | undefined;
  height: string | undefined;
  filters: string[];
  alt: string;
}

const LENGTH = /^((?:\d*\.)?\d+(?:%|ch|cm|em|ex|in|mm|pc|pt|px)?|auto)$/;
const BG_SIZES: Record<string, string> = { cover: 'cover', contain: 'contain', fit: 'contain', auto: 'auto' };

/** Marp's image filters and the argument each takes when none is given. */
const FILTERS: Record<string, string> = {
  blur: '10px',
  brightness: '1.5',
  contrast: '2',
  'drop-shadow': '0 5px 10px rgba(0,0,0,.4)',
  grayscale: '1',
  'hue-rotate': '180deg',
  invert: '1',
  opacity: '.5',
  saturate: '2',
  sepia: '1',
};

/** Arguments that stay inside one CSS function: no `;`, braces, quotes or spaces. */
const FILTER_ARGUMENT = /^[-\w.%#,()]+$/;

/** Reads Marp's image keywords (`bg`, `left:30%`, `contain`, `w:200`, `blur:5px`...) from alt text. */
export function imageOptions(alt: string): ImageOptions {
  const words = alt.split(/\s+/).filter((w) => w !== '');
  const bg = words.includes('bg');
  const options: ImageOptions = {
    bg,
    size: 'cover',
    split: undefined,
    direction: undefined,
    width: undefined,
    height: undefined,
    filters: [],
    alt: '',
  };
  const rest: string[] = [];
  let sized = false;
  for (const word of words) {
    const [name = '', argument] = splitOnce(word, ':');
    if (bg && word === 'bg') continue;
    if (bg && BG_SIZES[word]) {
      options.size = BG_SIZES[word] ?? 'cover';
      sized = true;
    } else if (/^(\d*\.)?\d+%$/.test(word)) {
      options.size = word;
      sized = true;
    } else if (
      bg &&
      (name === 'left' || name === 'right') &&
      (argument === undefined || /^(\d*\.)?\d+%$/.test(argument))
    ) {
      options.split = { side: name, size: argument ?? '50%' };
    } else if (bg && (word === 'vertical' || word === 'horizontal')) {
      options.direction = word;
    } else if ((name === 'w' || name === 'width') && argument !== undefined && LENGTH.test(argument)) {
      options.width = withUnit(argument);
    } else if ((name === 'h' || name === 'height') && argument !== undefined && LENGTH.test(argument)) {
      options.height = withUnit(argument);
    } else if (FILTERS[name] !== undefined && (argument === undefined || FILTER_ARGUMENT.test(argument))) {
      const value =
        argument === undefined ? FILTERS[name] : name === 'drop-shadow' ? shadow(argument) : argument;
      options.filters.push(`${name}(${value})`);
    } else rest.push(word);
  }
  if (bg && !sized && (options.width || options.height)) {
    options.size = `${options.width ?? 'auto'} ${options.height ?? 'auto'}`;
  }
  options.alt = rest.join(' ');
  return options;
}

function splitOnce(word: string, by: string): [string, string | undefined] {
  const at = word.indexOf(by);
  return at === -1 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
}

function withUnit(length: string): string {
  return /^(\d*\.)?\d+$/.test(length) ? `${length}px` : length;
}

/** `0,5px,10px,rgba(0,0,0,.4)` → `0 5px 10px rgba(0,0,0,.4)`: commas outside parentheses separate. */
function shadow(argument: string): string {
  let depth = 0;
  let out = '';
  for (const c of argument) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    out += c === ',' && depth === 0 ? ' ' : c;
  }
  return out;
}

function filterOf(options: ImageOptions): string | undefined {
  return options.filters.length > 0 ? options.filters.join(' ') : undefined;
}

/** An inline image: its size and filters as style, its alt text without the keywords. */
function styleImage(img: Element, options: ImageOptions): void {
  const style: string[] = [];
  // A percentage is a background's scale; inline images take lengths only, as in Marp.
  if (options.width && !options.width.endsWith('%')) style.push(`width: ${options.width};`);
  if (options.height && !options.height.endsWith('%')) style.push(`height: ${options.height};`);
  const filter = filterOf(options);
  if (filter) style.push(`filter: ${filter};`);
  const alt = decodeAttribute(img.attribs.alt ?? '');
  if (options.alt !== alt.trim()) img.attribs.alt = escapeAttribute(options.alt);
  if (style.length > 0) img.attribs.style = [img.attribs.style, ...style].filter(Boolean).join(' ');
}

/** Removes a background's `<img>`, and the paragraph (or link) it leaves empty. */
function removeEmptied(img: Element): void {
  let node: Element = img;
  for (;;) {
    const parent = node.parent;
    removeNode(node);
    if (!(parent instanceof Element) || !/^(p|a|span)$/.test(parent.name) || !isBlank(parent.children))
      return;
    node = parent;
  }
}

/**
 * `# <!-- fit --> Title`: the heading's text grows or shrinks to the slide's width, with reveal.js's
 * r-fit-text. It measures against its parent's width, padding included, so the text goes in a span
 * whose parent is the heading: the slide's padding stays out of the sum.
 */
function fitHeadings(root: Document): void {
  for (const heading of [...elements(root)].filter((el) => HEADING.test(el.name))) {
    const mark = heading.children.find((n) => n instanceof Comment && n.data.trim() === 'fit');
    if (!mark) continue;
    removeNode(mark);
    const first = heading.children[0];
    if (first instanceof Text) first.data = first.data.replace(/^\s+/, '');
    const span = new Element('span', { class: 'r-fit-text' }, heading.children);
    span.children.forEach((child, i) => {
      child.parent = span;
      child.prev = span.children[i - 1] ?? null;
      child.next = span.children[i + 1] ?? null;
    });
    span.parent = heading;
    heading.children = [span];
  }
}

/**
 * `<style>` elements, rewritten the way Marp reads them (see slide-styles.ts): `<style scoped>` applies to
 * its own slide, marked `data-pd-scope`, any other to every slide. CSS that cannot be read stays as
 * written, with a warning.
 */
function scopeStyles(
  root: Document,
  attributes: Record<string, string>,
  scope: string,
  context: MarpContext,
  warnings: Warning[],
): void {
  if (!context.styler) return;
  for (const style of [...elements(root)].filter((el) => el.name === 'style')) {
    const scoped = 'scoped' in style.attribs;
    const css = style.children.map((n) => (n instanceof Text ? n.data : '')).join('');
    try {
      const rewritten = context.styler(css, scoped ? scope : undefined);
      style.children = [new Text(rewritten)];
      const text = style.children[0];
      if (text) text.parent = style;
      if (scoped) {
        delete style.attribs.scoped;
        attributes['data-pd-scope'] = scope;
      }
    } catch (error) {
      if (!(error instanceof SlideStyleError)) throw error;
      const at = context.lineOf(scoped ? '<style scoped' : '<style');
      warnings.push({
        file: context.file,
        line: at + (error.cssLine ?? 1) - 1,
        code: 'marp-style',
        message: `this <style> is not CSS pitchdeck can read (${error.reason}); it applies as written${scoped ? ', to every slide' : ''}`,
      });
    }
  }
}

/** A header or footer directive: Markdown inline, with Marp's image keywords; undefined when empty. */
function marginal(
  directive: Directive | undefined,
  context: MarpContext,
  assets: MarpSlide['assets'],
): string | undefined {
  if (!directive || directive.value.trim() === '') return undefined;
  const { root } = parseSlideHtml(context.marked.parseInline(directive.value) as string);
  for (const img of [...elements(root)].filter((el) => el.name === 'img')) {
    styleImage(img, imageOptions(decodeAttribute(img.attribs.alt ?? '')));
  }
  for (const path of localLinks(root, {})) assets.push({ path, line: directive.line });
  return serialize(root.children);
}

/** The URL of a value that is exactly one `url(...)`, else undefined. */
function singleUrl(value: string): string | undefined {
  const m = /^\s*url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)\s*$/i.exec(value);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Every `url(...)` of a CSS value. */
function cssUrls(value: string): string[] {
  return [...value.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Page numbers as Marpit counts them: `paginate: true` shows the number, `false` hides it; both count
 * the page. `hold` shows the number without counting the page, `skip` neither counts nor shows it.
 * Undefined for a slide that shows no number.
 */
export function marpPageNumbers(paginate: readonly (string | undefined)[]): (number | undefined)[] {
  let page = 0;
  return paginate.map((raw) => {
    const value = (raw ?? '').toLowerCase();
    if (value !== 'hold' && value !== 'skip') page++;
    if (value !== 'true' && value !== 'hold') return undefined;
    return Math.max(page, 1);
  });
}
