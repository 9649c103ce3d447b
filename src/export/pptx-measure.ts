/**
 * What the PPTX export reads from a built deck in the browser: every slide as shown (all fragments, at
 * the deck's size), each element as the shape it becomes, in the slide's own CSS pixels, with the
 * theme's computed fonts and colours. The functions here run in the page (serialised by Puppeteer):
 * everything they use is defined inside them.
 */

/** A box on the slide, in the slide's CSS pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** An sRGB colour as six hex digits, and its opacity (0 to 1). */
export interface Colour {
  hex: string;
  alpha: number;
}

/** A stretch of text in one style. */
export interface TextRun {
  text: string;
  font: string;
  /** CSS pixels. */
  size: number;
  colour: Colour;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  baseline: 'sub' | 'super' | null;
  /** Background of inline code and marks, composited over what is behind it. */
  highlight: string | null;
  /** An http(s) or mailto link. */
  link: string | null;
  /** Letter spacing in CSS pixels. */
  spacing: number;
  /** A line break (`<br>`) before this run. */
  breakBefore: boolean;
}

export type Bullet =
  | { kind: 'char'; char: string; indent: number }
  | { kind: 'number'; style: string; start: number; indent: number };

/** One paragraph: a heading, a list item, a line of code. */
export interface TextParagraph {
  runs: TextRun[];
  align: 'left' | 'center' | 'right' | 'justify';
  /** CSS pixels between baselines. */
  lineHeight: number;
  /** CSS pixels between the previous paragraph's last line and this one's first. */
  spaceBefore: number;
  /** List nesting, 0 for the outermost list. */
  level: number;
  bullet: Bullet | null;
}

export interface TableCell {
  paragraphs: TextParagraph[];
  colspan: number;
  rowspan: number;
  fill: Colour | null;
  /** Top, right, bottom, left, in CSS pixels. */
  padding: [number, number, number, number];
  borders: [CellBorder, CellBorder, CellBorder, CellBorder];
  valign: 'top' | 'middle' | 'bottom';
}

export type CellBorder = { width: number; colour: Colour } | null;

export type MeasuredShape =
  | {
      kind: 'rect';
      box: Box;
      fill: Colour | null;
      line: { width: number; colour: Colour } | null;
      radius: number;
    }
  | {
      kind: 'text';
      box: Box;
      paragraphs: TextParagraph[];
      /** A heading, body text, or code (kept on its lines). */
      role: 'heading' | 'body' | 'code';
      wrap: boolean;
    }
  | { kind: 'table'; box: Box; columns: number[]; rows: { height: number; cells: TableCell[] }[] }
  | {
      kind: 'picture';
      box: Box;
      /** The element, marked for a screenshot when its file cannot be embedded as it is. */
      capture: number;
      /** An `<img>`'s resolved address. */
      src: string | null;
      alt: string;
      link: string | null;
    };

/**
 * An element to photograph, and where it is in the window: `element` alone (transparent around it),
 * its `own` background only (its content becomes shapes of its own), or the slide's `region` it covers
 * as the audience sees it (an iframe, a video, a widget).
 */
export interface CaptureRequest {
  id: number;
  clip: { x: number; y: number; width: number; height: number };
  mode: 'element' | 'own' | 'region';
}

/** Something a slide shows that PowerPoint cannot: it becomes a picture of it. */
export interface Unmapped {
  /** `iframe`, `video`, `audio`, `<x-widget>`, `background video`. */
  what: string;
  /** Text to find its source line by (its address, or its text). */
  needle: string;
  link: string | null;
}

export type SlideBackground =
  | { kind: 'deck' }
  | { kind: 'colour'; colour: Colour }
  /** A picture, a gradient, a video or a page behind the slide: photographed without the slide. */
  | { kind: 'capture' };

export interface MeasuredSlide {
  /** Its index among reveal.js's slides. */
  index: number;
  /** The slide's `data-source-line`. */
  line: number;
  background: SlideBackground;
  shapes: MeasuredShape[];
  captures: CaptureRequest[];
  unmapped: Unmapped[];
}

/** What the whole deck shares: the theme's background, behind every slide that sets none, and fonts. */
export interface DeckLook {
  colour: Colour;
  /** A gradient or picture: photographed once. */
  image: boolean;
  /** The page's language (`<html lang>`). */
  lang: string;
  /** The first font the theme names for headings and for body text. */
  headingFont: string;
  bodyFont: string;
}

export interface MeasureArgs {
  /** The slides to measure, by index among reveal.js's slides (end exclusive). */
  from: number;
  to: number;
  /** The first capture id these slides may use. */
  captureFrom: number;
  mediaTimeoutMs: number;
}

/** Attributes the capture stylesheet keys on. */
export const CAPTURE_ATTRIBUTE = 'data-pitchdeck-capture';
export const ISOLATE_ATTRIBUTE = 'data-pitchdeck-isolate';
export const TARGET_ATTRIBUTE = 'data-pitchdeck-target';

/**
 * Photographing one thing: `element` shows only the target (with its content), `own` only its own
 * background, `slide-background` the slide's background without the slide, `deck-background` the page
 * without any slide. Backgrounds are made transparent for elements, so a picture has no square behind it.
 */
export const CAPTURE_CSS = `
*, *::before, *::after { transition: none !important; animation: none !important; }
html[${ISOLATE_ATTRIBUTE}="element"] .reveal .slides *,
html[${ISOLATE_ATTRIBUTE}="own"] .reveal .slides * { visibility: hidden !important; }
html[${ISOLATE_ATTRIBUTE}="element"] .reveal .slides [${TARGET_ATTRIBUTE}],
html[${ISOLATE_ATTRIBUTE}="element"] .reveal .slides [${TARGET_ATTRIBUTE}] *,
html[${ISOLATE_ATTRIBUTE}="own"] .reveal .slides [${TARGET_ATTRIBUTE}] { visibility: visible !important; }
html[${ISOLATE_ATTRIBUTE}="element"], html[${ISOLATE_ATTRIBUTE}="element"] body,
html[${ISOLATE_ATTRIBUTE}="own"], html[${ISOLATE_ATTRIBUTE}="own"] body,
html[${ISOLATE_ATTRIBUTE}="element"] .reveal-viewport, html[${ISOLATE_ATTRIBUTE}="own"] .reveal-viewport,
html[${ISOLATE_ATTRIBUTE}="element"] .reveal, html[${ISOLATE_ATTRIBUTE}="own"] .reveal
  { background: transparent !important; }
html[${ISOLATE_ATTRIBUTE}="element"] .reveal .backgrounds,
html[${ISOLATE_ATTRIBUTE}="own"] .reveal .backgrounds,
html[${ISOLATE_ATTRIBUTE}="deck-background"] .reveal .backgrounds { display: none !important; }
html[${ISOLATE_ATTRIBUTE}="slide-background"] .reveal .slides,
html[${ISOLATE_ATTRIBUTE}="deck-background"] .reveal .slides { visibility: hidden !important; }
html[${ISOLATE_ATTRIBUTE}] .reveal .controls, html[${ISOLATE_ATTRIBUTE}] .reveal .progress,
html[${ISOLATE_ATTRIBUTE}] .reveal .slide-number { display: none !important; }
`;

/** Runs in the page: marks what to photograph (or clears the marks with `null`). */
export function isolate(
  how: { mode: 'element' | 'own' | 'slide-background' | 'deck-background'; id: number | null } | null,
): void {
  const root = document.documentElement;
  for (const el of document.querySelectorAll('[data-pitchdeck-target]'))
    el.removeAttribute('data-pitchdeck-target');
  if (how === null) {
    root.removeAttribute('data-pitchdeck-isolate');
    return;
  }
  root.setAttribute('data-pitchdeck-isolate', how.mode);
  if (how.id !== null) {
    document.querySelector(`[data-pitchdeck-capture="${how.id}"]`)?.setAttribute('data-pitchdeck-target', '');
  }
}

/**
 * Runs in the page: the theme's background colour (and whether a picture or gradient is painted over
 * it), and its heading and body fonts.
 */
export function measureDeck(): DeckLook {
  const parse = (value: string) => {
    const m = /^rgba?\(([^)]+)\)$/.exec(value.trim());
    const parts = (m?.[1] ?? '')
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    const [r = 0, g = 0, b = 0, a = 1] = parts;
    return m && !parts.some(Number.isNaN) ? { r, g, b, a } : { r: 0, g: 0, b: 0, a: 0 };
  };
  const chain = [
    document.querySelector('.reveal'),
    document.querySelector('.reveal-viewport'),
    document.body,
    document.documentElement,
  ].filter((el, i, all): el is Element => el !== null && all.indexOf(el) === i);
  let colour = { r: 255, g: 255, b: 255 };
  let image = false;
  // From the bottom layer up: the page, then whatever is painted over it.
  for (const el of [...chain].reverse()) {
    const style = getComputedStyle(el);
    if (style.backgroundImage !== 'none') image = true;
    const c = parse(style.backgroundColor);
    colour = {
      r: c.r * c.a + colour.r * (1 - c.a),
      g: c.g * c.a + colour.g * (1 - c.a),
      b: c.b * c.a + colour.b * (1 - c.a),
    };
  }
  const hex = [colour.r, colour.g, colour.b]
    .map((v) => Math.round(v).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  const firstFont = (family: string) =>
    (family.match(/"[^"]*"|'[^']*'|[^,]+/g) ?? [])
      .map((n) => n.trim().replace(/^["']|["']$/g, ''))
      .find(
        (n) =>
          n !== '' &&
          !/^(serif|sans-serif|monospace|system-ui|ui-[a-z]+|-apple-system|BlinkMacSystemFont)$/i.test(n),
      ) ?? 'Arial';
  // A heading the theme styles, measured off-screen in a slide of its own.
  const slides = document.querySelector('.reveal .slides');
  const probe = document.createElement('section');
  probe.style.cssText = 'position:absolute;visibility:hidden;display:block';
  probe.innerHTML = '<h2>x</h2><p>x</p>';
  slides?.appendChild(probe);
  const heading = probe.querySelector('h2');
  const body = probe.querySelector('p');
  const headingFont = firstFont(heading ? getComputedStyle(heading).fontFamily : '');
  const bodyFont = firstFont(body ? getComputedStyle(body).fontFamily : '');
  probe.remove();
  return { colour: { hex, alpha: 1 }, image, lang: document.documentElement.lang, headingFont, bodyFont };
}

/** Runs in the page: shows a slide again, every fragment shown, to photograph what was measured on it. */
export function showSlide(index: number): void {
  const section = Reveal.getSlides()[index];
  if (!section) return;
  const indices = Reveal.getIndices(section);
  Reveal.slide(indices.h, indices.v ?? 0);
  while (Reveal.nextFragment()) {
    // The slide's final state, as measured.
  }
  Reveal.layout();
}

/**
 * Runs in the page, once: no transitions and no automatic advance while slides are measured (configuring
 * reveal.js lays the deck out again, so not per slide); the number of slides reveal.js shows.
 */
export function prepareDeck(): number {
  Reveal.configure({ transition: 'none', backgroundTransition: 'none', autoSlide: 0 });
  return Reveal.getSlides().length;
}

/**
 * Runs in the page. Shows one slide with every fragment and reads it as shapes: text boxes (with their
 * paragraphs, runs and list levels), tables, pictures and plain rectangles (backgrounds, borders, bars
 * drawn by the theme), in paint order. Positions are in the slide's own pixels: reveal.js scales
 * `.slides` to the window, so rectangles are divided by that scale.
 */
export async function measureSlides(args: MeasureArgs): Promise<MeasuredSlide[]> {
  let nextCapture = args.captureFrom;
  const measureSlide = async (index: number): Promise<MeasuredSlide | null> => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const section = Reveal.getSlides()[index];
    if (!section) return null;
    const indices = Reveal.getIndices(section);
    Reveal.slide(indices.h, indices.v ?? 0);
    while (Reveal.nextFragment()) {
      // Every fragment shown: the slide in its final state.
    }
    const pending = [...section.querySelectorAll('img')]
      .filter((img) => !img.complete)
      .map((img) => img.decode().catch(() => undefined));
    await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, args.mediaTimeoutMs))]);
    await document.fonts.ready;
    Reveal.layout();

    const slidesEl = document.querySelector('.reveal .slides') as HTMLElement;
    const frame = slidesEl.getBoundingClientRect();
    const scale = frame.width / slidesEl.offsetWidth || 1;
    const toSlide = (r: { left: number; top: number; width: number; height: number }) => ({
      x: (r.left - frame.left) / scale,
      y: (r.top - frame.top) / scale,
      w: r.width / scale,
      h: r.height / scale,
    });
    const px = (value: string) => {
      const n = Number.parseFloat(value);
      return Number.isFinite(n) ? n : 0;
    };
    const parseColour = (value: string): Rgba => {
      const m = /^rgba?\(([^)]+)\)$/.exec(value.trim());
      const parts = (m?.[1] ?? '')
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      const [r = 0, g = 0, b = 0, a = 1] = parts;
      return m && !parts.some(Number.isNaN) ? { r, g, b, a } : { r: 0, g: 0, b: 0, a: 0 };
    };
    const hexOf = (c: Rgba) =>
      [c.r, c.g, c.b]
        .map((v) => Math.round(v).toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase();
    const colourOf = (value: string, opacity = 1): Colour => {
      const c = parseColour(value);
      return { hex: hexOf(c), alpha: Math.max(0, Math.min(1, c.a * opacity)) };
    };
    const over = (top: Rgba, below: Rgba): Rgba => ({
      r: top.r * top.a + below.r * (1 - top.a),
      g: top.g * top.a + below.g * (1 - top.a),
      b: top.b * top.a + below.b * (1 - top.a),
      a: 1,
    });

    // What is painted behind the slide's content: the slide's background colour, else the theme's.
    const deckRgba = (() => {
      let colour: Rgba = { r: 255, g: 255, b: 255, a: 1 };
      const chain = [
        document.documentElement,
        document.body,
        document.querySelector('.reveal-viewport'),
        document.querySelector('.reveal'),
      ];
      for (const [i, el] of chain.entries()) {
        if (el && chain.indexOf(el) === i)
          colour = over(parseColour(getComputedStyle(el).backgroundColor), colour);
      }
      return colour;
    })();
    const slideBackgroundEl = Reveal.getSlideBackground(indices.h, indices.v ?? 0);
    const ownBackground = [...section.getAttributeNames()].some((n) => n.startsWith('data-background'));
    let background: SlideBackground = { kind: 'deck' };
    let behind = deckRgba;
    const unmapped: Unmapped[] = [];
    if (ownBackground && slideBackgroundEl) {
      const layers = [slideBackgroundEl, ...slideBackgroundEl.querySelectorAll('.slide-background-content')];
      const media = slideBackgroundEl.querySelector('video, iframe');
      const image = layers.some((el) => getComputedStyle(el).backgroundImage !== 'none') || media !== null;
      let colour = deckRgba;
      for (const el of layers) colour = over(parseColour(getComputedStyle(el).backgroundColor), colour);
      behind = colour;
      if (image) {
        background = { kind: 'capture' };
        if (media) {
          const src = media.getAttribute('src') ?? media.querySelector('source')?.getAttribute('src') ?? '';
          unmapped.push({
            what: `background ${media.tagName.toLowerCase()}`,
            needle: src,
            link: /^(https?:|mailto:)/i.test(src) ? src : null,
          });
        }
      } else {
        background = { kind: 'colour', colour: { hex: hexOf(colour), alpha: 1 } };
      }
    }

    const shapes: MeasuredShape[] = [];
    const captures: CaptureRequest[] = [];

    const capture = (el: Element, mode: CaptureRequest['mode']): number => {
      const id = nextCapture++;
      el.setAttribute('data-pitchdeck-capture', String(id));
      const r = el.getBoundingClientRect();
      captures.push({ id, clip: { x: r.left, y: r.top, width: r.width, height: r.height }, mode });
      return id;
    };

    const GENERIC = new Set([
      'serif',
      'sans-serif',
      'monospace',
      'cursive',
      'fantasy',
      'system-ui',
      'ui-serif',
      'ui-sans-serif',
      'ui-monospace',
      'ui-rounded',
      'math',
      'emoji',
      'fangsong',
      '-apple-system',
      'blinkmacsystemfont',
    ]);
    // Code must stay monospace where the theme's own code font is not installed: a font every office
    // suite has, when the theme names one, else Courier New.
    const PORTABLE_MONO = ['consolas', 'menlo', 'courier new', 'lucida console', 'monaco'];
    const fontCache = new Map<string, string>();
    const fontOf = (family: string): string => {
      const known = fontCache.get(family);
      if (known) return known;
      const names = (family.match(/"[^"]*"|'[^']*'|[^,]+/g) ?? [])
        .map((n) => n.trim().replace(/^["']|["']$/g, ''))
        .filter(Boolean);
      const lower = names.map((n) => n.toLowerCase());
      let font: string;
      if (lower.includes('monospace') || lower.includes('ui-monospace')) {
        const portable = names.find((_, i) => PORTABLE_MONO.includes(lower[i] ?? ''));
        font = portable ?? 'Courier New';
      } else {
        font =
          names.find((_, i) => !GENERIC.has(lower[i] ?? '')) ??
          (lower.includes('serif') ? 'Times New Roman' : 'Arial');
      }
      fontCache.set(family, font);
      return font;
    };

    const opacityOf = (el: Element): number => {
      let opacity = 1;
      for (let n: Element | null = el; n && n !== slidesEl; n = n.parentElement) {
        opacity *= Number(getComputedStyle(n).opacity);
      }
      return opacity;
    };

    /** The colour painted behind an element: its ancestors' backgrounds over the slide's. */
    const backdropOf = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let n: Element | null = el; n && n !== section; n = n.parentElement) {
        const c = parseColour(getComputedStyle(n).backgroundColor);
        if (c.a > 0) layers.push(c);
        if (c.a >= 1) break;
      }
      let colour = behind;
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };

    const canvas = document.createElement('canvas').getContext('2d');
    /** The width of a text in an element's font, in slide pixels. */
    const textWidth = (text: string, style: CSSStyleDeclaration): number => {
      if (!canvas) return px(style.fontSize) * text.length * 0.6;
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return canvas.measureText(text).width;
    };

    const safeLink = (href: string | null): string | null =>
      href && /^(https?:|mailto:)/i.test(href) ? href : null;

    const transform = (text: string, how: string): string => {
      if (how === 'uppercase') return text.toUpperCase();
      if (how === 'lowercase') return text.toLowerCase();
      if (how === 'capitalize')
        return text.replace(/(^|\s)(\p{L})/gu, (_, s: string, c: string) => s + c.toUpperCase());
      return text;
    };

    interface Decoration {
      underline: boolean;
      strike: boolean;
      baseline: 'sub' | 'super' | null;
      highlight: string | null;
      link: string | null;
    }

    const PICTURE = 'img, svg, math, canvas, picture, .katex, .katex-display, mjx-container';
    const FOREIGN = 'iframe, video, audio, object, embed';
    const WIDGET = 'input, button, select, textarea, progress, meter, details, dialog, form';
    const SKIP = 'aside.notes, script, style, template, noscript, link, meta';
    // A custom element is a widget when it is defined (a web component); an undefined one (a Vue or
    // Slidev tag left in the Markdown) is a plain container of the content inside it.
    const isWidget = (el: Element) =>
      el.matches(WIDGET) ||
      (el.tagName.includes('-') &&
        (customElements.get(el.tagName.toLowerCase()) !== undefined || el.shadowRoot !== null));

    /** A run per text node, in the style its element computes; media inside the text are shapes of their own. */
    const collectRuns = (
      node: Node,
      deco: Decoration,
      runs: TextRun[],
      media: Element[],
      pre: boolean,
    ): void => {
      if (node instanceof Text) {
        const parent = node.parentElement;
        if (!parent) return;
        const style = getComputedStyle(parent);
        if (style.visibility === 'hidden') return;
        let text = node.data;
        if (!pre) text = text.replace(/[ \t\n\r\f]+/g, ' ');
        else text = text.replace(/\t/g, ' '.repeat(Math.max(1, Number.parseInt(style.tabSize, 10) || 8)));
        // Characters XML cannot hold (control characters other than tab and line ends).
        text = [...text]
          .filter((c) => {
            const n = c.codePointAt(0) ?? 0;
            return (n >= 0x20 && n !== 0xfffe && n !== 0xffff) || n === 0x09 || n === 0x0a || n === 0x0d;
          })
          .join('');
        text = transform(text, style.textTransform);
        if (text === '') return;
        const previous = runs[runs.length - 1];
        if (
          !pre &&
          text.startsWith(' ') &&
          (!previous || previous.text.endsWith(' ') || previous.text === '')
        ) {
          text = text.slice(1);
          if (text === '') return;
        }
        const opacity = opacityOf(parent);
        runs.push({
          text,
          font: fontOf(style.fontFamily),
          size: px(style.fontSize),
          colour: colourOf(style.color, opacity),
          bold: Number(style.fontWeight) >= 600,
          italic: style.fontStyle !== 'normal',
          underline: deco.underline,
          strike: deco.strike,
          baseline: deco.baseline,
          highlight: deco.highlight,
          link: deco.link,
          spacing: style.letterSpacing === 'normal' ? 0 : px(style.letterSpacing),
          breakBefore: false,
        });
        return;
      }
      if (!(node instanceof Element) || node.matches(SKIP)) return;
      const style = getComputedStyle(node);
      if (style.display === 'none') return;
      // A task list's checkbox is a character of the text.
      if (node instanceof HTMLInputElement && node.type === 'checkbox') {
        runs.push({ ...emptyRun(node.parentElement ?? node), text: node.checked ? '\u2611 ' : '\u2610 ' });
        return;
      }
      if (node.tagName === 'BR') {
        runs.push({ ...(runs[runs.length - 1] ?? emptyRun(node)), text: '', breakBefore: true });
        return;
      }
      if (node.matches(`${PICTURE}, ${FOREIGN}`) || isWidget(node)) {
        media.push(node);
        // A picture inside a line of text (inline maths) keeps its room in the line: no-break spaces as
        // wide as it, over which the picture is placed.
        const parent = node.parentElement;
        if (!pre && parent && style.display.startsWith('inline')) {
          const parentStyle = getComputedStyle(parent);
          const space = textWidth('\u00a0', parentStyle);
          const width = toSlide(node.getBoundingClientRect()).w;
          if (space > 0 && width > 0) {
            runs.push({ ...emptyRun(parent), text: '\u00a0'.repeat(Math.max(1, Math.round(width / space))) });
          }
        }
        return;
      }
      const lines = style.textDecorationLine;
      const valign = style.verticalAlign;
      const bg = parseColour(style.backgroundColor);
      const next: Decoration = {
        underline: deco.underline || lines.includes('underline'),
        strike: deco.strike || lines.includes('line-through'),
        baseline: valign === 'sub' || valign === 'super' ? valign : deco.baseline,
        highlight: bg.a > 0.02 ? hexOf(over(bg, backdropOf(node.parentElement ?? node))) : deco.highlight,
        link: node.tagName === 'A' ? safeLink((node as HTMLAnchorElement).href) : deco.link,
      };
      for (const child of node.childNodes) collectRuns(child, next, runs, media, pre);
    };

    const emptyRun = (el: Element): TextRun => {
      const style = getComputedStyle(el);
      return {
        text: '',
        font: fontOf(style.fontFamily),
        size: px(style.fontSize),
        colour: colourOf(style.color),
        bold: false,
        italic: false,
        underline: false,
        strike: false,
        baseline: null,
        highlight: null,
        link: null,
        spacing: 0,
        breakBefore: false,
      };
    };

    const trimRuns = (runs: TextRun[]): TextRun[] => {
      const last = runs[runs.length - 1];
      if (last) last.text = last.text.replace(/ +$/, '');
      // A leading line break, or one at the end, draws nothing in a browser.
      while (runs[0]?.breakBefore && runs[0].text === '') runs.shift();
      while (runs.length > 0 && runs[runs.length - 1]?.text === '' && runs[runs.length - 1]?.breakBefore)
        runs.pop();
      return runs.filter((r, i) => r.text !== '' || r.breakBefore || i === 0);
    };

    /** Top and bottom of the line boxes of some nodes, from their text's rectangles. */
    const linesOf = (nodes: Node[], lineHeight: number): { top: number; bottom: number } | null => {
      const rects: DOMRect[] = [];
      for (const node of nodes) {
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) if (r.width > 0 || r.height > 0) rects.push(r);
      }
      if (rects.length === 0) return null;
      const top = Math.min(...rects.map((r) => r.top));
      const bottom = Math.max(...rects.map((r) => r.bottom));
      const first = Math.max(
        ...rects.filter((r) => r.top < top + (lineHeight * scale) / 2).map((r) => r.height),
      );
      const last = Math.max(
        ...rects.filter((r) => r.bottom > bottom - (lineHeight * scale) / 2).map((r) => r.height),
      );
      const half = (h: number) => Math.max(0, (lineHeight * scale - h) / 2);
      return {
        top: (top - half(first) - frame.top) / scale,
        bottom: (bottom + half(last) - frame.top) / scale,
      };
    };

    const lineHeightOf = (style: CSSStyleDeclaration) =>
      style.lineHeight === 'normal' ? px(style.fontSize) * 1.2 : px(style.lineHeight);

    const alignOf = (style: CSSStyleDeclaration): TextParagraph['align'] => {
      const a = style.textAlign;
      if (a === 'center' || a === '-webkit-center') return 'center';
      if (a === 'right' || a === 'end' || a === '-webkit-right') return 'right';
      if (a === 'justify') return 'justify';
      return 'left';
    };

    const contentBox = (el: Element, style: CSSStyleDeclaration): Box => {
      const b = toSlide(el.getBoundingClientRect());
      const left = px(style.borderLeftWidth) + px(style.paddingLeft);
      const right = px(style.borderRightWidth) + px(style.paddingRight);
      const top = px(style.borderTopWidth) + px(style.paddingTop);
      const bottom = px(style.borderBottomWidth) + px(style.paddingBottom);
      return {
        x: b.x + left,
        y: b.y + top,
        w: Math.max(1, b.w - left - right),
        h: Math.max(1, b.h - top - bottom),
      };
    };

    const baseDecoration = (el: Element): Decoration => {
      const link = el.closest('a');
      return {
        underline: false,
        strike: false,
        baseline: null,
        highlight: null,
        link: link ? safeLink(link.href) : null,
      };
    };

    /** Rectangles for an element's own background and borders; a picture when it paints an image. */
    const paintBox = (el: Element, style: CSSStyleDeclaration, opacity: number): void => {
      const box = toSlide(el.getBoundingClientRect());
      if (box.w < 0.5 || box.h < 0.5) return;
      if (style.backgroundImage !== 'none') {
        shapes.push({ kind: 'picture', box, capture: capture(el, 'own'), src: null, alt: '', link: null });
      } else {
        const fill = colourOf(style.backgroundColor, opacity);
        const sides = (['Top', 'Right', 'Bottom', 'Left'] as const).map((side) => {
          const width =
            style.getPropertyValue(`border-${side.toLowerCase()}-style`) === 'none'
              ? 0
              : px(style.getPropertyValue(`border-${side.toLowerCase()}-width`));
          return {
            width,
            colour: colourOf(style.getPropertyValue(`border-${side.toLowerCase()}-color`), opacity),
          };
        });
        const visible = sides.map((s) => s.width > 0 && s.colour.alpha > 0.02);
        const uniform =
          visible.every(Boolean) &&
          sides.every((s) => s.width === sides[0]?.width && s.colour.hex === sides[0]?.colour.hex);
        const radius = Math.min(px(style.borderTopLeftRadius), box.w / 2, box.h / 2);
        if (fill.alpha > 0.02 || uniform) {
          const first = sides[0];
          shapes.push({
            kind: 'rect',
            box,
            fill: fill.alpha > 0.02 ? fill : null,
            line: uniform && first ? { width: first.width, colour: first.colour } : null,
            radius,
          });
        }
        if (!uniform) {
          const [top, right, bottom, left] = sides;
          const bar = (b: Box, s: { colour: Colour } | undefined) =>
            s && shapes.push({ kind: 'rect', box: b, fill: s.colour, line: null, radius: 0 });
          if (visible[0]) bar({ x: box.x, y: box.y, w: box.w, h: top?.width ?? 0 }, top);
          if (visible[1])
            bar({ x: box.x + box.w - (right?.width ?? 0), y: box.y, w: right?.width ?? 0, h: box.h }, right);
          if (visible[2])
            bar(
              { x: box.x, y: box.y + box.h - (bottom?.width ?? 0), w: box.w, h: bottom?.width ?? 0 },
              bottom,
            );
          if (visible[3]) bar({ x: box.x, y: box.y, w: left?.width ?? 0, h: box.h }, left);
        }
      }
    };

    /**
     * `::before` and `::after` the theme draws: a bar (an empty block with a background) or a character
     * placed absolutely (a quote mark). Their boxes are not in the DOM; they are worked out from the
     * element's box and the pseudo-element's used sizes and margins.
     */
    const pseudo = (el: Element, which: '::before' | '::after', opacity: number): void => {
      const style = getComputedStyle(el, which);
      const content = style.content;
      if (!content || content === 'none' || content === 'normal' || style.display === 'none') return;
      const host = getComputedStyle(el);
      const inner = contentBox(el, host);
      const width = px(style.width);
      const height = px(style.height);
      if (style.position === 'absolute') {
        const text = /^"(.*)"$/s.exec(content)?.[1] ?? '';
        if (text === '') return;
        const outer = toSlide(el.getBoundingClientRect());
        const x = outer.x + px(host.borderLeftWidth) + px(style.left);
        const y = outer.y + px(host.borderTopWidth) + px(style.top);
        const lineHeight = lineHeightOf(style);
        shapes.push({
          kind: 'text',
          box: { x, y, w: Math.max(width, px(style.fontSize)), h: Math.max(height, lineHeight) },
          role: 'body',
          wrap: false,
          paragraphs: [
            {
              runs: [
                {
                  ...emptyRun(el),
                  text,
                  font: fontOf(style.fontFamily),
                  size: px(style.fontSize),
                  colour: colourOf(style.color, opacity),
                  bold: Number(style.fontWeight) >= 600,
                  italic: style.fontStyle !== 'normal',
                },
              ],
              align: 'left',
              lineHeight,
              spaceBefore: 0,
              level: 0,
              bullet: null,
            },
          ],
        });
        return;
      }
      const fill = colourOf(style.backgroundColor, opacity);
      if (style.display !== 'block' || content !== '""' || fill.alpha <= 0.02 || width <= 0 || height <= 0)
        return;
      const x = inner.x + px(style.marginLeft);
      const y =
        which === '::before'
          ? inner.y + px(style.marginTop)
          : inner.y + inner.h - height - px(style.marginBottom);
      shapes.push({
        kind: 'rect',
        box: { x, y, w: width, h: height },
        fill,
        line: null,
        radius: Math.min(px(style.borderTopLeftRadius), width / 2, height / 2),
      });
    };

    /** A picture of an element the PPTX cannot hold as it is; named when it is interactive. */
    const picture = (el: Element): void => {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') return;
      const box = toSlide(el.getBoundingClientRect());
      if (box.w < 1 || box.h < 1) return;
      // A picture that did not load: the build has named the missing file already.
      if (el instanceof HTMLImageElement && el.complete && el.naturalWidth === 0) return;
      const tag = el.tagName.toLowerCase();
      const src =
        el.getAttribute('src') ??
        el.querySelector('source')?.getAttribute('src') ??
        el.getAttribute('data') ??
        '';
      const link = safeLink(
        tag === 'img'
          ? (el.closest('a')?.href ?? null)
          : (el.closest('a')?.href ?? (src ? new URL(src, document.baseURI).href : null)),
      );
      const foreign = el.matches(FOREIGN) || isWidget(el);
      // Every picture says what it is: its own words, else its file, else its kind.
      const alt =
        el.getAttribute('alt') ||
        el.getAttribute('aria-label') ||
        el.getAttribute('title') ||
        el.querySelector('annotation')?.textContent ||
        (tag === 'img'
          ? (src.split(/[?#]/)[0]?.split('/').pop() ?? 'picture')
          : foreign
            ? `${tag}${src ? ` ${src}` : ''}`
            : el.matches('math, .katex, .katex-display, mjx-container')
              ? 'maths'
              : tag === 'canvas'
                ? 'chart'
                : 'diagram');
      let drawn = box;
      if (el instanceof HTMLImageElement && el.naturalWidth > 0 && el.naturalHeight > 0) {
        const inner = contentBox(el, style);
        drawn = inner;
        const fit = style.objectFit;
        if (fit === 'contain' || fit === 'scale-down') {
          const ratio = Math.min(
            inner.w / el.naturalWidth,
            inner.h / el.naturalHeight,
            fit === 'scale-down' ? 1 : Infinity,
          );
          const w = el.naturalWidth * ratio;
          const h = el.naturalHeight * ratio;
          drawn = { x: inner.x + (inner.w - w) / 2, y: inner.y + (inner.h - h) / 2, w, h };
        }
      }
      const embeddable =
        el instanceof HTMLImageElement &&
        (style.objectFit === 'fill' || style.objectFit === 'contain' || style.objectFit === 'scale-down');
      shapes.push({
        kind: 'picture',
        box: drawn,
        capture: capture(el, foreign ? 'region' : 'element'),
        src: embeddable ? (el as HTMLImageElement).currentSrc || (el as HTMLImageElement).src : null,
        alt: alt.trim(),
        link,
      });
      if (foreign) {
        unmapped.push({
          what: el.matches(FOREIGN) ? tag : `<${tag}>`,
          needle: src || (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40),
          link,
        });
      }
    };

    /** One text box from a block of inline content (a heading, a paragraph, the loose text of a container). */
    const textBlock = (block: Element, nodes: Node[], role: 'heading' | 'body'): void => {
      const style = getComputedStyle(block);
      const runs: TextRun[] = [];
      const media: Element[] = [];
      const deco = baseDecoration(block);
      for (const node of nodes) collectRuns(node, deco, runs, media, false);
      const trimmed = trimRuns(runs);
      const lineHeight = lineHeightOf(style);
      if (trimmed.some((r) => r.text.trim() !== '')) {
        const lines = linesOf(nodes, lineHeight);
        const inner = contentBox(block, style);
        if (lines) {
          // Text on one line in the browser stays on one line: another font's metrics would otherwise
          // wrap a heading that just fits and push it into what follows.
          const oneLine = lines.bottom - lines.top < lineHeight * 1.5;
          const nowrap = oneLine || style.whiteSpace === 'nowrap' || style.whiteSpace === 'pre';
          shapes.push({
            kind: 'text',
            box: { x: inner.x, y: lines.top, w: inner.w, h: Math.max(lines.bottom - lines.top, lineHeight) },
            role,
            wrap: !nowrap,
            paragraphs: [
              { runs: trimmed, align: alignOf(style), lineHeight, spaceBefore: 0, level: 0, bullet: null },
            ],
          });
        }
      }
      for (const m of media) walk(m);
    };

    const BULLETS: Record<string, string> = { disc: '2022', circle: '25E6', square: '25AA' };
    const NUMBERS: Record<string, string> = {
      decimal: 'arabicPeriod',
      'lower-alpha': 'alphaLcPeriod',
      'lower-latin': 'alphaLcPeriod',
      'upper-alpha': 'alphaUcPeriod',
      'upper-latin': 'alphaUcPeriod',
      'lower-roman': 'romanLcPeriod',
      'upper-roman': 'romanUcPeriod',
    };

    /** A list as one text box: a paragraph per item, at its nesting level, with its marker. */
    const list = (el: Element): void => {
      const style = getComputedStyle(el);
      const inner = contentBox(el, style);
      const paragraphs: TextParagraph[] = [];
      const media: Element[] = [];
      // Markers hang left of the items, in the list's padding (the browser's default) or, as reveal.js's
      // themes do it, in its left margin: the text box starts where they do.
      const border = toSlide(el.getBoundingClientRect()).x;
      const hangsInPadding = px(style.paddingLeft) >= 0.8 * px(style.fontSize);
      let origin = hangsInPadding ? border : border - Math.max(0, px(style.marginLeft));
      // A long number ("10. ") reaches further left than the list's margin.
      const first = [...el.children].find((c) => c.tagName === 'LI');
      if (first) {
        const liStyle = getComputedStyle(first);
        const numbered = NUMBERS[style.listStyleType] !== undefined;
        const count = el.children.length + (el instanceof HTMLOListElement ? el.start - 1 : 0);
        const marker = numbered ? `${count}. ` : '\u2022 ';
        const start = toSlide(first.getBoundingClientRect()).x + px(liStyle.paddingLeft);
        origin = Math.min(origin, start - textWidth(marker, liStyle));
      }
      let lastBottom: number | null = null;
      let firstTop: number | null = null;
      let bottom = inner.y;
      const addParagraph = (item: Element, nodes: Node[], level: number, marker: Bullet | null) => {
        const itemStyle = getComputedStyle(item);
        const runs: TextRun[] = [];
        for (const node of nodes) collectRuns(node, baseDecoration(item), runs, media, false);
        const trimmed = trimRuns(runs);
        const lineHeight = lineHeightOf(itemStyle);
        const lines = linesOf(nodes, lineHeight);
        if (trimmed.length === 0 && !lines) return;
        const top = lines?.top ?? toSlide(item.getBoundingClientRect()).y;
        firstTop ??= top;
        paragraphs.push({
          runs: trimmed.length > 0 ? trimmed : [emptyRun(item)],
          align: alignOf(itemStyle),
          lineHeight,
          spaceBefore: lastBottom === null ? 0 : Math.max(0, top - lastBottom),
          level,
          bullet: marker,
        });
        lastBottom = lines?.bottom ?? top + lineHeight;
        bottom = Math.max(bottom, lastBottom);
      };
      const items = (listEl: Element, level: number) => {
        const listStyle = getComputedStyle(listEl);
        const type = listStyle.listStyleType;
        let number = listEl instanceof HTMLOListElement ? listEl.start : 1;
        for (const li of listEl.children) {
          if (li.tagName !== 'LI') continue;
          const liStyle = getComputedStyle(li);
          if (liStyle.display === 'none' || opacityOf(li) < 0.05) continue;
          const indent =
            Math.max(0, toSlide(li.getBoundingClientRect()).x + px(liStyle.paddingLeft) - origin) /
            (level + 1);
          const marker: Bullet | null =
            liStyle.listStyleType === 'none' && type === 'none'
              ? null
              : NUMBERS[type] !== undefined
                ? { kind: 'number', style: NUMBERS[type] ?? 'arabicPeriod', start: number, indent }
                : { kind: 'char', char: BULLETS[type] ?? '2022', indent };
          number++;
          let nodes: Node[] = [];
          let first = true;
          const flush = () => {
            if (nodes.length > 0) addParagraph(li, nodes, level, first ? marker : null);
            if (nodes.length > 0) first = false;
            nodes = [];
          };
          for (const child of li.childNodes) {
            if (child instanceof Element && (child.tagName === 'UL' || child.tagName === 'OL')) {
              flush();
              items(child, level + 1);
            } else if (child instanceof Element && /^(P|DIV|BLOCKQUOTE|H[1-6])$/.test(child.tagName)) {
              flush();
              nodes = [...child.childNodes];
              flush();
            } else if (child instanceof Element && child.matches(`pre, table, ${PICTURE}, ${FOREIGN}`)) {
              flush();
              media.push(child);
            } else {
              nodes.push(child);
            }
          }
          flush();
        }
      };
      items(el, 0);
      // A list the theme shrinks to its widest item (reveal.js's are inline-block) may grow to its
      // container's edge in PowerPoint: the same item in another font's metrics would otherwise wrap.
      const parent = el.parentElement;
      const room = parent ? contentBox(parent, getComputedStyle(parent)) : inner;
      const right = style.display.startsWith('inline')
        ? Math.max(inner.x + inner.w, room.x + room.w)
        : inner.x + inner.w;
      if (paragraphs.length > 0 && firstTop !== null) {
        shapes.push({
          kind: 'text',
          box: { x: origin, y: firstTop, w: right - origin, h: Math.max(bottom - firstTop, 1) },
          role: 'body',
          wrap: true,
          paragraphs,
        });
      }
      for (const m of media) walk(m);
    };

    /** Code as monospace text, a paragraph per line, each token in its highlight colour. */
    const code = (pre: Element): void => {
      const codeEl = pre.querySelector('code') ?? pre;
      for (const el of codeEl === pre ? [pre] : [pre, codeEl]) {
        const s = getComputedStyle(el);
        paintBox(el, s, opacityOf(el));
      }
      const style = getComputedStyle(codeEl);
      const runs: TextRun[] = [];
      for (const child of codeEl.childNodes) collectRuns(child, baseDecoration(codeEl), runs, [], true);
      const lineHeight = lineHeightOf(style);
      const paragraphs: TextParagraph[] = [];
      let current: TextRun[] = [];
      const push = () => {
        paragraphs.push({
          runs: current.length > 0 ? current : [{ ...emptyRun(codeEl), text: '' }],
          align: 'left',
          lineHeight,
          spaceBefore: 0,
          level: 0,
          bullet: null,
        });
        current = [];
      };
      for (const run of runs) {
        const parts = run.text.split(/\r?\n/);
        parts.forEach((part, i) => {
          if (i > 0) push();
          if (part !== '') current.push({ ...run, text: part });
        });
      }
      if (current.length > 0) push();
      // The newline that ends the last line opens no line of its own.
      while (paragraphs.length > 1 && paragraphs[paragraphs.length - 1]?.runs.every((r) => r.text === ''))
        paragraphs.pop();
      const inner = contentBox(codeEl, style);
      shapes.push({
        kind: 'text',
        box: { x: inner.x, y: inner.y, w: inner.w, h: Math.max(inner.h, paragraphs.length * lineHeight) },
        role: 'code',
        wrap: style.whiteSpace !== 'pre' && style.whiteSpace !== 'nowrap',
        paragraphs,
      });
    };

    /** A table as a native table: its cells' text, fills, borders and padding, its columns' widths. */
    const table = (el: HTMLTableElement): void => {
      const box = toSlide(el.getBoundingClientRect());
      const rows: { height: number; cells: TableCell[] }[] = [];
      const columns: number[] = [];
      for (const row of el.rows) {
        const rowStyle = getComputedStyle(row);
        if (rowStyle.display === 'none') continue;
        const cells: TableCell[] = [];
        let column = 0;
        for (const cell of row.cells) {
          const s = getComputedStyle(cell);
          const r = toSlide(cell.getBoundingClientRect());
          if (cell.colSpan === 1 && columns[column] === undefined) columns[column] = r.w;
          column += cell.colSpan;
          const runs: TextRun[] = [];
          const media: Element[] = [];
          for (const child of cell.childNodes) collectRuns(child, baseDecoration(cell), runs, media, false);
          const fillColour = parseColour(s.backgroundColor);
          const rowFill = parseColour(rowStyle.backgroundColor);
          const fill = fillColour.a > 0.02 ? fillColour : rowFill.a > 0.02 ? rowFill : null;
          const border = (side: 'top' | 'right' | 'bottom' | 'left'): CellBorder => {
            const width =
              s.getPropertyValue(`border-${side}-style`) === 'none'
                ? 0
                : px(s.getPropertyValue(`border-${side}-width`));
            const colour = colourOf(s.getPropertyValue(`border-${side}-color`));
            return width > 0 && colour.alpha > 0.02 ? { width, colour } : null;
          };
          const va = s.verticalAlign;
          cells.push({
            paragraphs: [
              {
                runs: trimRuns(runs).length > 0 ? trimRuns(runs) : [emptyRun(cell)],
                align: alignOf(s),
                lineHeight: lineHeightOf(s),
                spaceBefore: 0,
                level: 0,
                bullet: null,
              },
            ],
            colspan: cell.colSpan,
            rowspan: cell.rowSpan,
            fill: fill ? { hex: hexOf(over(fill, backdropOf(el))), alpha: 1 } : null,
            padding: [px(s.paddingTop), px(s.paddingRight), px(s.paddingBottom), px(s.paddingLeft)],
            borders: [border('top'), border('right'), border('bottom'), border('left')],
            valign: va === 'middle' ? 'middle' : va === 'bottom' ? 'bottom' : 'top',
          });
          for (const m of media) walk(m);
        }
        rows.push({ height: toSlide(row.getBoundingClientRect()).h, cells });
      }
      const count = Math.max(0, ...rows.map((r) => r.cells.reduce((n, c) => n + c.colspan, 0)));
      const known = columns.filter((w) => w !== undefined);
      const rest = (box.w - known.reduce((a, b) => a + b, 0)) / Math.max(1, count - known.length);
      const widths = Array.from({ length: count }, (_, i) => columns[i] ?? rest);
      if (rows.length > 0 && count > 0) shapes.push({ kind: 'table', box, columns: widths, rows });
    };

    // Blocks even when a theme makes them inline-block (reveal.js's lists are).
    const BLOCK_TAGS =
      /^(UL|OL|DL|TABLE|PRE|BLOCKQUOTE|P|H[1-6]|DIV|SECTION|ARTICLE|FIGURE|HEADER|FOOTER|ASIDE|NAV|MAIN)$/;
    const isInline = (node: Node): boolean => {
      if (node instanceof Text) return true;
      if (!(node instanceof Element)) return true;
      if (node.matches(SKIP)) return true;
      const display = getComputedStyle(node).display;
      if (display === 'none' || display === 'inline' || display === 'contents') return true;
      return display.startsWith('inline') && !BLOCK_TAGS.test(node.tagName);
    };
    const hasText = (nodes: Node[]) => nodes.some((n) => (n.textContent ?? '').trim() !== '');

    const walk = (el: Element): void => {
      if (el.matches(SKIP)) return;
      const style = getComputedStyle(el);
      if (style.display === 'none') return;
      const opacity = opacityOf(el);
      if (opacity < 0.05) return;
      if (el.matches(PICTURE) || el.matches(FOREIGN) || isWidget(el)) {
        picture(el);
        return;
      }
      if (style.visibility !== 'hidden') paintBox(el, style, opacity);
      const tag = el.tagName;
      if (tag === 'PRE') {
        code(el);
        return;
      }
      if (tag === 'TABLE') {
        table(el as HTMLTableElement);
        return;
      }
      pseudo(el, '::before', opacity);
      if (tag === 'UL' || tag === 'OL') {
        list(el);
      } else {
        const children = [...el.childNodes];
        const role = /^H[1-6]$/.test(tag) ? 'heading' : 'body';
        if (children.every(isInline)) {
          if (hasText(children) || children.some((c) => c instanceof Element)) textBlock(el, children, role);
        } else {
          // Loose text beside blocks is a paragraph of its own, as the browser lays it out.
          let group: Node[] = [];
          const flush = () => {
            if (hasText(group)) textBlock(el, group, 'body');
            else for (const n of group) if (n instanceof Element) walk(n);
            group = [];
          };
          for (const child of children) {
            if (isInline(child)) group.push(child);
            else {
              flush();
              if (child instanceof Element) walk(child);
            }
          }
          flush();
        }
      }
      pseudo(el, '::after', opacity);
    };

    for (const child of section.children) walk(child);

    return {
      index,
      line: Number(section.getAttribute('data-source-line') ?? 0),
      background,
      shapes,
      captures,
      unmapped,
    };
  };
  const measured: MeasuredSlide[] = [];
  for (let index = args.from; index < args.to; index++) {
    const slide = await measureSlide(index);
    if (slide) measured.push(slide);
  }
  return measured;
}

/** The part of reveal.js's API the page functions use; reveal.js's own types do not resolve under nodenext. */
declare const Reveal: {
  configure(options: Record<string, unknown>): void;
  getSlides(): HTMLElement[];
  getIndices(slide?: HTMLElement): { h: number; v?: number | undefined };
  slide(h: number, v?: number, f?: number): void;
  nextFragment(): boolean;
  layout(): void;
  getSlideBackground(h: number, v?: number): HTMLElement | undefined;
};
