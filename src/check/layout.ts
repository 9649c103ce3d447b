import type { Browser, Page } from 'puppeteer-core';
import { type FailedLoad, watchFailedLoads } from '../browser/failed-loads.ts';
import { openPage, releasePage } from '../browser/tabs.ts';
import { openPrintView } from '../export/export-pdf.ts';
import type { Deck } from '../model.ts';
import {
  type CutLabel,
  elementLine,
  type Finding,
  makeFinding,
  mediaMessage,
  slideName,
  withoutIgnored,
} from './finding.ts';
import { findMissingGlyphs, glyphFindings, type MissingGlyphs } from './glyphs.ts';

/** A built cut of a deck to lay out in the browser. */
export interface LayoutTarget {
  deck: Deck;
  /** The built page (with its assets beside it, as `build` writes them). */
  htmlPath: string;
  cut?: CutLabel | undefined;
  /** The deck's source text: findings then point at the line of the element responsible, not the slide. */
  source?: string | undefined;
}

export interface LayoutOptions {
  /** How long the page may take to become ready. */
  timeoutMs?: number | undefined;
}

/** Slides are judged as shown on a 1280×720 screen, the size `check.minFontSize` is meant for. */
const REFERENCE = { width: 1280, height: 720 };

/** Slides measured per call into the page. */
const BATCH = 100;

/** Less than this is sub-pixel rounding, not content anyone can see cut off. */
const TOLERANCE_PX = 2;

/** What the page measured of a deck, to be turned into findings once the failed loads are known. */
export interface LayoutMeasurement {
  measured: MeasuredSlide[];
  glyphs: MissingGlyphs[];
}

/**
 * Lays out every slide of a built deck in the browser at the deck's size, each with all its fragments
 * shown, and reports what the audience would not see or could not read: content past the slide's edges
 * or hidden in a scroll box (`overflow`, errors), text smaller than `check.minFontSize` (`min-font-size`)
 * and text whose colour is below WCAG AA contrast with what is rendered behind it (`contrast`). The
 * browser is the caller's: one browser serves a whole run. Slides with `class="scrollable"` are not
 * checked for overflow, and `r-fit-text` text is sized by reveal.js to fit.
 *
 * The slides are measured in reveal.js's print view, as the PDF shows them: every slide laid out at once
 * on a page of its own, so a deck is laid out once, however many slides it has.
 *
 * @throws DeckError when the page never becomes ready (a script error, a stylesheet that never loads).
 */
export async function checkLayout(
  browser: Browser,
  target: LayoutTarget,
  options: LayoutOptions = {},
): Promise<Finding[]> {
  const { deck } = target;
  const timeout = options.timeoutMs ?? 30_000;
  // The tab the browser opened at start-up when no one has taken it, else a window of its own: several
  // cuts are laid out at once, and a tab behind another is hidden.
  const page = await openPage(browser);
  const loads = watchFailedLoads(page);
  let usable = false;
  try {
    const { stalled } = await openPrintView(page, target.htmlPath, deck, { timeout, purpose: 'check' });
    loads.stalled(stalled);
    const measurement = await measureLayout(page, deck);
    const findings = layoutFindings(measurement, await loads.collect(), target);
    usable = true;
    return findings;
  } finally {
    loads.stop();
    if (usable) await releasePage(page);
    else await page.close().catch(() => {});
  }
}

/**
 * Measures a page that shows the deck's print view, one page per slide with every fragment shown and no
 * notes pages (as `openPrintView` loads it, or `printPdf` before printing it). Nothing in the page is
 * changed that the print would show: only running transitions are finished (fragments fading in).
 */
export async function measureLayout(page: Page, deck: Deck): Promise<LayoutMeasurement> {
  const { width, height } = deck.config;
  // In batches: one call for a 2000-slide deck would outlast the browser protocol's time limit.
  const measured: MeasuredSlide[] = [];
  for (let from = 0; from < deck.slides.length; from += BATCH) {
    measured.push(
      ...(await page.evaluate(measureSlides, {
        width,
        height,
        referenceScale: Math.min(REFERENCE.width / width, REFERENCE.height / height),
        minFontSize: deck.config.check.minFontSize,
        tolerance: TOLERANCE_PX,
        from,
        to: from + BATCH,
      })),
    );
  }
  const glyphs = await page.evaluate(findMissingGlyphs);
  return { measured, glyphs };
}

/** A deck's measurement as findings, with the pictures and videos that did not load. */
export function layoutFindings(
  measurement: LayoutMeasurement,
  failed: readonly FailedLoad[],
  target: LayoutTarget,
): Finding[] {
  const { deck } = target;
  const glyphs = glyphFindings(measurement.glyphs, deck, target.cut ?? {}, target.source);
  return withoutIgnored(
    [...toFindings(measurement.measured, target), ...brokenMedia(failed, target), ...glyphs],
    deck,
  );
}

/** A picture or video that did not load: the audience sees a broken image, and so does the PDF. */
function brokenMedia(failed: readonly FailedLoad[], target: LayoutTarget): Finding[] {
  const { deck } = target;
  return failed.map((load) => {
    const slide = deck.slides.find((s) => s.line === load.line);
    const lines = target.source?.split(/\r?\n/);
    const line = slide && lines ? elementLine(lines, deck, slide, load.url) : (slide?.line ?? 0);
    return makeFinding(deck, slide, 'broken-media', mediaMessage(deck, slide, load), target.cut ?? {}, line);
  });
}

/** An element the page names as responsible, with what to look for in the source. */
interface Culprit {
  tag: string;
  classes: string;
  /** A short excerpt of its text (or an image's src). */
  text: string;
  /** Text to find its source line by. */
  needle: string;
  /** For a list: the 1-based item from which it runs past the edge. */
  item?: number;
  /** The source line, when the page says it: a diagram or chart names its fence's line. */
  line?: number;
}

type Side = 'top' | 'right' | 'bottom' | 'left';

interface MeasuredSlide {
  line: number;
  overflow: { side: Side; by: number; culprit: Culprit | null }[];
  scrolls: { side: Side; by: number; culprit: Culprit }[];
  small: { size: number; count: number; culprit: Culprit }[];
  contrast: { ratio: number; required: number; fg: string; bg: string; count: number; culprit: Culprit }[];
}

interface MeasureArgs {
  /** The deck's size: each print page's box. */
  width: number;
  height: number;
  referenceScale: number;
  minFontSize: number;
  tolerance: number;
  /** The slides to measure, by index (end exclusive). */
  from: number;
  to: number;
}

/**
 * Runs in the page (serialised by Puppeteer: everything it uses is defined inside), in reveal.js's print
 * view, where each slide is laid out on a page of its own with every fragment shown. Each slide is
 * measured in its page's coordinates, which are the slide's own pixels: the print view does not scale.
 */
async function measureSlides(args: MeasureArgs): Promise<MeasuredSlide[]> {
  type Box = { left: number; top: number; right: number; bottom: number };
  type Rgba = { r: number; g: number; b: number; a: number };
  const { tolerance } = args;
  // Transitions still running (fragments fading in) are finished: measured half-way they would be wrong.
  // Endless animations are measured as they are.
  for (const animation of document.getAnimations()) {
    try {
      animation.finish();
    } catch {
      // An endless one cannot be finished.
    }
  }
  await document.fonts.ready;
  const slidesEl = document.querySelector('.reveal .slides') as HTMLElement;
  // `disableLayout` leaves reveal.js's slide box unsized: there is no edge to overflow.
  const sized = !Reveal.getConfig().disableLayout;
  const results: MeasuredSlide[] = [];

  const describe = (el: Element, item?: number): Culprit => {
    const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
    const excerpt = (s: string) => (s.length > 40 ? `${s.slice(0, 40).trimEnd()}…` : s);
    const tag = el.tagName.toLowerCase();
    let text = collapse(el.textContent ?? '');
    let needle = text;
    if (tag === 'img' || tag === 'video' || tag === 'iframe') {
      const src = el.getAttribute('src') ?? el.getAttribute('data-src') ?? '';
      text = collapse(el.getAttribute('alt') ?? '') || src;
      needle = src;
    } else if (tag === 'pre') {
      needle = (el.textContent ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
      text = collapse(needle);
    } else if (tag === 'svg') {
      // A drawn picture's labels, not the stylesheet Mermaid puts inside it.
      text = collapse([...el.querySelectorAll('text')].map((t) => t.textContent ?? '').join(' '));
      needle = text;
    } else if (tag === 'table') {
      needle = collapse(el.querySelector('th, td')?.textContent ?? '');
    } else if ((tag === 'ul' || tag === 'ol') && item !== undefined) {
      needle = collapse(el.children[item - 1]?.textContent ?? '');
      text = needle;
    }
    const culprit: Culprit = {
      tag,
      classes: [...el.classList].filter((c) => !/^(fragment|visible|current-fragment)$/.test(c)).join(' '),
      text: excerpt(text),
      needle: collapse(needle).slice(0, 60),
    };
    if (item !== undefined) culprit.item = item;
    // A diagram or chart drawn at build time names the line of its fence.
    const picture = el.closest('[data-fence][data-line]');
    if (picture) culprit.line = Number(picture.getAttribute('data-line'));
    return culprit;
  };

  const parseColour = (value: string): Rgba | undefined => {
    const m = /^rgba?\(([^)]+)\)$/.exec(value.trim());
    if (!m) return undefined;
    const parts = (m[1] ?? '')
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    const [r = 0, g = 0, b = 0, a = 1] = parts;
    return parts.some((n) => Number.isNaN(n)) ? undefined : { r, g, b, a };
  };
  const over = (top: Rgba, below: Rgba): Rgba => ({
    r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }: Rgba) => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const hex = ({ r, g, b }: Rgba) =>
    `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
  const MEDIA = 'img, video, canvas, iframe, svg, object, embed, picture';
  const shapes = new Map<SVGSVGElement, SVGGeometryElement[]>();
  const shapesOf = (svg: SVGSVGElement) => {
    let found = shapes.get(svg);
    if (!found) {
      found = [...svg.querySelectorAll('path, rect, circle, ellipse, polygon, polyline, line')].filter(
        (n): n is SVGGeometryElement => n instanceof SVGGeometryElement,
      );
      shapes.set(svg, found);
    }
    return found;
  };

  for (const section of Reveal.getSlides().slice(args.from, args.to)) {
    const pageEl = section.closest('.pdf-page');
    if (!(pageEl instanceof HTMLElement)) continue;
    const frame = pageEl.getBoundingClientRect();
    const scale = 1;
    const W = sized ? args.width : 0;
    const H = sized ? args.height : 0;
    const toSlide = (r: DOMRect): Box => ({
      left: (r.left - frame.left) / scale,
      top: (r.top - frame.top) / scale,
      right: (r.right - frame.left) / scale,
      bottom: (r.bottom - frame.top) / scale,
    });
    const clipTo = (box: Box, clip: Box | undefined): Box | undefined => {
      const b = clip
        ? {
            left: Math.max(box.left, clip.left),
            top: Math.max(box.top, clip.top),
            right: Math.min(box.right, clip.right),
            bottom: Math.min(box.bottom, clip.bottom),
          }
        : box;
      return b.right > b.left || b.bottom > b.top ? b : undefined;
    };

    const boxes: { el: Element; box: Box }[] = [];
    const scrolls: MeasuredSlide['scrolls'] = [];
    const texts: { el: Element; node: Text }[] = [];
    const clippedBoxes = new Set<Element>();
    const walk = (el: Element, clip: Box | undefined) => {
      const style = getComputedStyle(el);
      if (style.display === 'none' || el.matches('aside.notes, script, style, template')) return;
      // reveal.js sizes r-fit-text to fit the slide.
      if (el.classList.contains('r-fit-text')) return;
      const rect = el.getBoundingClientRect();
      // Text for screen readers only (a 1px box that clips the rest, as KaTeX's MathML is): not shown.
      if (style.overflowX !== 'visible' && rect.width / scale < 1.5 && rect.height / scale < 1.5) return;
      if (style.visibility !== 'hidden' && rect.width > 0 && rect.height > 0) {
        const box = clipTo(toSlide(rect), clip);
        if (box) boxes.push({ el, box });
      }
      let inner = clip;
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
        // Content in a box that clips it is hidden there, not past the slide: a scroll box in the browser,
        // cut off in print.
        const dy = el.scrollHeight - el.clientHeight;
        const dx = el.scrollWidth - el.clientWidth;
        // highlight.js's <code> scrolls inside its <pre>: name the code block once.
        const clipped = el.closest('pre') ?? el;
        if ((dy > tolerance || dx > tolerance) && !clippedBoxes.has(clipped)) {
          clippedBoxes.add(clipped);
          if (dy > tolerance) scrolls.push({ side: 'bottom', by: dy, culprit: describe(clipped) });
          if (dx > tolerance) scrolls.push({ side: 'right', by: dx, culprit: describe(clipped) });
        }
        inner = clipTo(toSlide(rect), clip);
      }
      for (const child of el.childNodes) {
        if (child instanceof Element) walk(child, inner);
        else if (child instanceof Text && child.data.trim() !== '') {
          const range = document.createRange();
          range.selectNodeContents(child);
          const r = range.getBoundingClientRect();
          // Glyphs may reach a few pixels above and below their line box (a tight line-height): only
          // their horizontal reach is theirs; vertically the element's box counts.
          const text = toSlide(r);
          const own = toSlide(rect);
          text.top = Math.max(text.top, own.top);
          text.bottom = Math.min(text.bottom, own.bottom);
          const box = r.width > 0 || r.height > 0 ? clipTo(text, inner) : undefined;
          if (box && style.visibility !== 'hidden') boxes.push({ el, box });
          if (style.visibility !== 'hidden') texts.push({ el, node: child });
        }
      }
    };
    const scrollable = section.classList.contains('scrollable');
    for (const child of section.children) walk(child, undefined);

    // Overflow: the union of everything shown against the slide's box.
    const overflow: MeasuredSlide['overflow'] = [];
    if (!scrollable && boxes.length > 0 && W > 0 && H > 0) {
      const past: Record<Side, (b: Box) => number> = {
        bottom: (b) => b.bottom - H,
        right: (b) => b.right - W,
        top: (b) => -b.top,
        left: (b) => -b.left,
      };
      const WRAPPERS = /^(div|section|article|header|footer|main|nav|span)$/;
      for (const side of ['bottom', 'right', 'top', 'left'] as const) {
        const by = Math.max(...boxes.map((b) => past[side](b.box)));
        if (by <= tolerance) continue;
        const crossing = boxes.filter((b) => past[side](b.box) > tolerance);
        // The outermost element that runs past the edge, not a layout wrapper around it.
        const first =
          crossing.find(
            (b) =>
              b.el !== section && !(WRAPPERS.test(b.el.tagName.toLowerCase()) && b.el.childElementCount > 0),
          ) ?? crossing[0];
        let el = first?.el;
        let item: number | undefined;
        if (el && /^(P|FIGURE|A)$/.test(el.tagName)) {
          const media = crossing.find((b) => b.el.matches(MEDIA) && el?.contains(b.el));
          if (media) el = media.el;
        }
        if (el && (el.tagName === 'UL' || el.tagName === 'OL')) {
          const items = [...el.children];
          const index = items.findIndex((li) =>
            crossing.some((b) => b.el === li || (li.contains(b.el) && b.el !== el)),
          );
          if (index !== -1) item = index + 1;
        }
        overflow.push({ side, by: Math.round(by), culprit: el ? describe(el, item) : null });
      }
    }

    // The pictures of the slide and of its background, where they are.
    const media = [
      ...section.querySelectorAll(MEDIA),
      ...(pageEl.querySelector(':scope > .slide-background')?.querySelectorAll(MEDIA) ?? []),
    ].map((m) => ({ el: m, box: m.getBoundingClientRect() }));
    // Readability: each run of text, as rendered.
    const small = new Map<number, { size: number; count: number; culprit: Culprit }>();
    const contrast = new Map<string, MeasuredSlide['contrast'][number]>();
    const seen = new Set<Element>();
    for (const { el, node } of texts) {
      if (seen.has(el) || !/[\p{L}\p{N}]/u.test(node.data)) continue;
      seen.add(el);
      const style = getComputedStyle(el);
      let opacity = 1;
      for (let n: Element | null = el; n && n !== slidesEl; n = n.parentElement) {
        opacity *= Number(getComputedStyle(n).opacity);
      }
      if (opacity < 0.05) continue;
      // Text in a drawn picture is as big as the picture is scaled: its font size is in the SVG's units.
      const svg = el instanceof SVGElement ? el.closest('svg') : null;
      const svgWidth = svg?.viewBox.baseVal?.width || svg?.width.baseVal.value || 0;
      const svgScale = svg && svgWidth > 0 ? svg.getBoundingClientRect().width / scale / svgWidth : 1;
      const size = Number.parseFloat(style.fontSize) * svgScale * args.referenceScale;
      if (size < args.minFontSize - 0.05) {
        const key = Math.round(size * 10) / 10;
        const entry = small.get(key) ?? { size: key, count: 0, culprit: describe(el) };
        entry.count++;
        small.set(key, entry);
      }
      // Syntax colours are the highlight theme's (`highlightTheme`), chosen for the whole deck; judged
      // token by token, the default monokai (keywords 3.9:1, comments 3.0:1) would flag every code block.
      // The code's own text colour is still checked.
      if (el.closest('pre') && [...el.classList].some((c) => c.startsWith('hljs-'))) continue;

      // What is painted behind the text: its ancestors' backgrounds, then the slide's background, then
      // the page's. Text over a picture or a gradient cannot be judged from colours: it is skipped.
      const layers: Rgba[] = [];
      let image = false;
      const chain: Element[] = [];
      for (let n: Element | null = el; n; n = n.parentElement) {
        chain.push(n);
        if (n === section) {
          // The print view puts the slide's background in its page, under the slide.
          const background = pageEl.querySelector(':scope > .slide-background');
          if (background) {
            const content = background.querySelector('.slide-background-content');
            if (content) chain.push(content);
            chain.push(background);
            if (background.querySelector('video, iframe')) image = true;
          }
          chain.push(pageEl);
          n = pageEl;
        }
      }
      for (const n of chain) {
        const s = getComputedStyle(n);
        if (s.backgroundImage !== 'none') image = true;
        const colour = parseColour(s.backgroundColor);
        if (colour && colour.a > 0) layers.push(colour);
        if (image || (colour && colour.a >= 1)) break;
      }
      // A picture painted under (or over) the text that is not one of its ancestors (a positioned
      // image): found by where the pictures are, not by hit testing, which on a print view of thousands
      // of pages costs a layout update of the whole document per call.
      const rect = (() => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return range.getClientRects()[0];
      })();
      const x = rect ? rect.left + rect.width / 2 : 0;
      const y = rect ? rect.top + rect.height / 2 : 0;
      if (!image && rect) {
        image = media.some(
          ({ el: m, box }) =>
            !m.contains(el) && box.left <= x && x <= box.right && box.top <= y && y <= box.bottom,
        );
      }
      if (image) continue;
      let behind: Rgba = { r: 255, g: 255, b: 255, a: 1 };
      for (const layer of layers.reverse()) behind = over(layer, behind);
      // SVG text is painted in its fill, over the shape drawn beneath it in the same picture, if any: the
      // last shape before it in the picture (SVG paints in document order) whose fill holds its middle.
      if (svg && rect) {
        let shape: SVGGeometryElement | undefined;
        for (const candidate of shapesOf(svg)) {
          if (
            candidate.contains(el) ||
            !(candidate.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
          )
            continue;
          const matrix = candidate.getScreenCTM()?.inverse();
          if (!matrix) continue;
          const point = new DOMPoint(x, y).matrixTransform(matrix);
          if (candidate.isPointInFill(point)) shape = candidate;
        }
        const fill = shape && parseColour(getComputedStyle(shape).fill);
        if (shape && fill)
          behind = over({ ...fill, a: fill.a * Number(getComputedStyle(shape).fillOpacity) }, behind);
      }
      const paint = svg ? parseColour(style.fill) : parseColour(style.color);
      const fg = paint && svg ? { ...paint, a: paint.a * Number(style.fillOpacity) } : paint;
      if (!fg) continue;
      const text = over({ ...fg, a: fg.a * opacity }, behind);
      const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a) as [number, number];
      const ratio = (light + 0.05) / (dark + 0.05);
      const bold = Number(style.fontWeight) >= 700;
      const required = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio < required - 0.005) {
        const key = `${hex(text)} ${hex(behind)} ${required}`;
        const entry = contrast.get(key) ?? {
          ratio,
          required,
          fg: hex(text),
          bg: hex(behind),
          count: 0,
          culprit: describe(el),
        };
        entry.count++;
        entry.ratio = Math.min(entry.ratio, ratio);
        contrast.set(key, entry);
      }
    }

    results.push({
      line: Number(section.getAttribute('data-source-line') ?? 0),
      overflow,
      scrolls: scrollable ? [] : scrolls.map((s) => ({ ...s, by: Math.round(s.by) })),
      small: [...small.values()],
      contrast: [...contrast.values()],
    });
  }
  return results;
}

/** The page's measurements as findings, each on the slide and, where it can be found, the element's line. */
function toFindings(measured: readonly MeasuredSlide[], target: LayoutTarget): Finding[] {
  const { deck } = target;
  const cut = target.cut ?? {};
  const lines = target.source?.split(/\r?\n/);
  const findings: Finding[] = [];
  for (const m of measured) {
    const slide = deck.slides.find((s) => s.line === m.line);
    if (!slide) continue;
    const name = slideName(deck, slide);
    const lineOf = (culprit: Culprit | null) =>
      culprit?.line ?? (culprit && lines ? elementLine(lines, deck, slide, culprit.needle) : slide.line);
    for (const o of m.overflow) {
      const what = o.culprit ? `: ${describeCulprit(o.culprit)}` : '';
      findings.push(
        makeFinding(
          deck,
          slide,
          'overflow',
          `${name} overflows by ${o.by}px at the ${o.side}${what}; shorten it or split the slide`,
          cut,
          lineOf(o.culprit),
        ),
      );
    }
    for (const s of m.scrolls) {
      findings.push(
        makeFinding(
          deck,
          slide,
          'overflow',
          `${name}: ${describeCulprit(s.culprit)} is cut off, ${s.by}px of it hidden ${s.side === 'bottom' ? 'below its bottom' : 'past its right'} edge (it scrolls in the browser and is cut in the PDF); shorten it or split the slide`,
          cut,
          lineOf(s.culprit),
        ),
      );
    }
    for (const s of m.small) {
      findings.push(
        makeFinding(
          deck,
          slide,
          'min-font-size',
          `${name}: text at ${s.size}px is smaller than ${deck.config.check.minFontSize}px (as shown on a 1280×720 screen): ${describeCulprit(s.culprit)}${more(s.count)}`,
          cut,
          lineOf(s.culprit),
        ),
      );
    }
    for (const c of m.contrast) {
      findings.push(
        makeFinding(
          deck,
          slide,
          'contrast',
          `${name}: text contrast ${c.ratio.toFixed(2)}:1 is below ${c.required}:1 (WCAG AA), ${c.fg} on ${c.bg}: ${describeCulprit(c.culprit)}${more(c.count)}`,
          cut,
          lineOf(c.culprit),
        ),
      );
    }
  }
  return findings;
}

function more(count: number): string {
  return count > 1 ? ` and ${count - 1} more` : '';
}

/** `<ul class="steps"> from item 5, "Tired of duct-taping…"`. */
function describeCulprit(c: Culprit): string {
  const tag = c.classes ? `<${c.tag} class="${c.classes}">` : `<${c.tag}>`;
  const item = c.item !== undefined ? ` from item ${c.item}` : '';
  return c.text ? `${tag}${item} "${c.text}"` : `${tag}${item}`;
}

/** The part of reveal.js's API the page script uses; reveal.js's own types do not resolve under nodenext. */
declare const Reveal: {
  getSlides(): HTMLElement[];
  getConfig(): { disableLayout?: boolean };
};
