/**
 * Reference harness: what does reveal.js's OWN markdown plugin make of a deck?
 *
 * `referenceSlides()` loads the UMD builds of reveal.js 6 and its markdown plugin into a blank page, hands
 * the plugin the markdown through a `<section data-markdown><textarea data-template>` (exactly the way a
 * hand-written reveal.js page does), initializes reveal and reads back the slide structure with
 * `extractSlides()`. The same `extractSlides()` works on pitchdeck's built deck, so the two can be compared.
 *
 * Facts about reveal.js 6.0.2's markdown plugin (dist/plugin/markdown.js) this relies on:
 * - Attribute names: `data-separator`, `data-separator-vertical`, `data-separator-notes`. A missing (or empty)
 *   attribute means the plugin default: separator `\r?\n---\r?\n`, no vertical separator, notes `^s*notes?:`.
 * - The notes default really is `^s*notes?:` (the `\s` lost its backslash in a plain JS string), applied with
 *   flags `mgi`: a `Note:` line only counts when it starts in column 0. We do NOT set `data-separator-notes`
 *   unless the caller asks, so the reference keeps that exact default behaviour.
 * - The plugin reads the markdown with `textContent` of `[data-template]`. Setting a textarea's `.value`
 *   does not change its textContent, so the markdown is written with `textContent` (= `defaultValue`).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';

export interface SlideShape {
  /** 0-based index of the top-level section. */
  h: number;
  /** 0-based index inside a vertical stack; 0 for a horizontal slide that is not a stack. */
  v: number;
  /** Visible text (notes, scripts and styles removed), whitespace collapsed and trimmed. */
  text: string;
  /** Speaker-notes text, whitespace collapsed and trimmed; '' when the slide has none. */
  notes: string;
}

export interface ReferenceOptions {
  /** Horizontal separator, a regular-expression source (becomes `data-separator`). */
  separator: string;
  /** Vertical separator (becomes `data-separator-vertical`); omit for no vertical slides. */
  verticalSeparator?: string | undefined;
  /** Notes separator (becomes `data-separator-notes`); omit to keep the plugin default `^s*notes?:`. */
  notesSeparator?: string;
}

/** Collapse every run of whitespace (including newlines and NBSP) to one space, and trim. */
function normalizeText(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

const revealDist = path.dirname(createRequire(import.meta.url).resolve('reveal.js'));
const revealScriptPath = path.join(revealDist, 'reveal.js');
const markdownPluginPath = path.join(revealDist, 'plugin', 'markdown.js');

const READY_TIMEOUT_MS = 15_000;

interface RawSlide {
  h: number;
  v: number;
  text: string;
  notes: string;
}

/**
 * Walk `.reveal .slides > section` (and, for stacks, their child sections) in document order.
 * A top-level section with direct child sections is a stack; each child is one slide (v = 0..n-1).
 * Text is the textContent of a clone with `aside.notes`, `script` and `style` removed, so CSS visibility
 * and reveal's `hidden`/`aria-hidden` state do not matter. Notes are the `aside.notes` text (all of them,
 * joined), or the `data-notes` attribute when the slide has one (reveal gives that precedence too).
 */
export async function extractSlides(page: Page): Promise<SlideShape[]> {
  const raw: RawSlide[] = await page.evaluate(() => {
    const container = document.querySelector('.reveal .slides');
    if (!container) throw new Error('extractSlides: no `.reveal .slides` element in the page');
    const out: { h: number; v: number; text: string; notes: string }[] = [];
    const shape = (section: Element, h: number, v: number) => {
      let notes: string;
      const dataNotes = section.getAttribute('data-notes');
      if (dataNotes !== null) {
        const tpl = document.createElement('template');
        tpl.innerHTML = dataNotes;
        notes = tpl.content.textContent ?? '';
      } else {
        notes = Array.from(section.querySelectorAll('aside.notes'))
          .map((aside) => aside.textContent ?? '')
          .join('\n');
      }
      const clone = section.cloneNode(true) as Element;
      for (const el of Array.from(clone.querySelectorAll('aside.notes, script, style'))) el.remove();
      out.push({ h, v, text: clone.textContent ?? '', notes });
    };
    const tops = Array.from(container.children).filter((el) => el.tagName === 'SECTION');
    for (const [h, top] of tops.entries()) {
      const kids = Array.from(top.children).filter((el) => el.tagName === 'SECTION');
      if (kids.length === 0) shape(top, h, 0);
      for (const [v, kid] of kids.entries()) shape(kid, h, v);
    }
    return out;
  });
  return raw.map((s) => ({ h: s.h, v: s.v, text: normalizeText(s.text), notes: normalizeText(s.notes) }));
}

function blockNetwork(request: HTTPRequest): void {
  if (request.isInterceptResolutionHandled()) return;
  const url = request.url();
  if (/^(?:file|data|about|blob):/i.test(url)) void request.continue();
  else void request.abort('blockedbyclient');
}

/**
 * The slides reveal.js 6's own markdown plugin makes of `markdown` with the given separators.
 * Opens (and always closes) a new page in `browser`; all network requests are blocked.
 */
export function referenceSlides(
  browser: Browser,
  markdown: string,
  opts: ReferenceOptions,
): Promise<SlideShape[]> {
  return withReferenceDeck(browser, markdown, opts, extractSlides);
}

/**
 * Build the reference deck for `markdown` in a new page, run `inspect` on that page once reveal is ready,
 * and close the page (also on failure).
 */
export async function withReferenceDeck<T>(
  browser: Browser,
  markdown: string,
  opts: ReferenceOptions,
  inspect: (page: Page) => Promise<T>,
): Promise<T> {
  const page = await browser.newPage();
  try {
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => {
      pageErrors.push(err instanceof Error ? err.message : String(err));
    });
    await page.setRequestInterception(true);
    page.on('request', blockNetwork);
    await page.goto('about:blank');
    await page.addScriptTag({ path: revealScriptPath });
    await page.addScriptTag({ path: markdownPluginPath });

    const args = {
      markdown,
      separator: opts.separator,
      verticalSeparator: opts.verticalSeparator ?? null,
      notesSeparator: opts.notesSeparator ?? null,
      timeoutMs: READY_TIMEOUT_MS,
    };
    await page.evaluate(async (a) => {
      const reveal = document.createElement('div');
      reveal.className = 'reveal';
      const slides = document.createElement('div');
      slides.className = 'slides';
      const section = document.createElement('section');
      section.setAttribute('data-markdown', '');
      section.setAttribute('data-separator', a.separator);
      if (a.verticalSeparator !== null) section.setAttribute('data-separator-vertical', a.verticalSeparator);
      if (a.notesSeparator !== null) section.setAttribute('data-separator-notes', a.notesSeparator);
      const textarea = document.createElement('textarea');
      textarea.setAttribute('data-template', '');
      // The plugin reads `textContent`; a textarea's `.value` setter would leave that empty.
      textarea.textContent = a.markdown;
      section.append(textarea);
      slides.append(section);
      reveal.append(slides);
      document.body.append(reveal);

      const w = window as unknown as {
        Reveal?: {
          initialize(config: Record<string, unknown>): Promise<unknown>;
          isReady(): boolean;
        };
        RevealMarkdown?: unknown;
      };
      const Reveal = w.Reveal;
      if (!Reveal || !w.RevealMarkdown) throw new Error('reveal.js or its markdown plugin did not load');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Reveal did not become ready')), a.timeoutMs);
      });
      try {
        await Promise.race([
          Reveal.initialize({
            plugins: [w.RevealMarkdown],
            hash: false,
            history: false,
            respondToHashChanges: false,
            keyboard: false,
          }),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
      if (!Reveal.isReady()) throw new Error('Reveal.initialize resolved but Reveal.isReady() is false');
    }, args);

    if (pageErrors.length > 0) {
      throw new Error(`reveal.js reference page threw: ${pageErrors.join(' | ')}`);
    }
    return await inspect(page);
  } finally {
    await page.close();
  }
}
