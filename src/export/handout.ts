import { pathToFileURL } from 'node:url';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { Page } from 'puppeteer-core';
import type { Warning } from '../errors.ts';
import type { Deck } from '../model.ts';
import {
  type HandoutLayout,
  type HandoutOptions,
  handoutLayout,
  PAPER,
  type Rect,
} from './handout-layout.ts';

export interface Handout {
  /** The handout's pages, before metadata and outline (added by the caller, as for the slides PDF). */
  bytes: Uint8Array;
  layout: HandoutLayout;
  /** For each of the deck's slides, the 0-based handout page it is on. */
  pageOfSlide: (number | undefined)[];
  /** Notes too long for their box even in small print: cut off. */
  warnings: Warning[];
}

/**
 * Lays the slides of a printed deck onto portrait pages, `perPage` to a page, each slide's notes beside
 * it when asked. Chromium prints a frame (page borders, notes, footer) in the deck's own fonts, then
 * pdf-lib draws each slide's page of the slides PDF into its box as a vector page: text stays text,
 * selectable and searchable, and nothing is rasterised.
 *
 * @param tab - a tab the caller owns, navigated here
 * @param htmlPath - the deck's built page: the frame is written over it, so that its fonts resolve
 * @param slidesPdf - the deck printed one page per slide, each in its final state, without notes pages
 * @param firstPageOfSlide - the 0-based page of `slidesPdf` each slide is on
 */
export async function makeHandout(
  tab: Page,
  htmlPath: string,
  deck: Deck,
  slidesPdf: Uint8Array,
  firstPageOfSlide: readonly (number | undefined)[],
  options: HandoutOptions & { notes: boolean; timeoutMs?: number | undefined },
): Promise<Handout> {
  const slides = deck.slides.flatMap((slide, i) => {
    const page = firstPageOfSlide[i];
    return page === undefined ? [] : [{ slide, index: i, page }];
  });
  const layout = handoutLayout(slides.length, deck.config.width / deck.config.height, options);
  const [cssWidth, cssHeight] = PAPER[options.paper].css;
  const timeout = options.timeoutMs ?? 60_000;
  // The frame is written over the deck's page, so that the URLs of the fonts its page declares (the
  // fallback fonts for CJK, emoji...) resolve as they do there, and the frame keeps those rules.
  await tab.goto(pathToFileURL(htmlPath).href, { waitUntil: 'domcontentloaded', timeout });
  const fontFaces = await tab.evaluate(() =>
    [...document.querySelectorAll('head style')]
      .map((style) => style.textContent ?? '')
      .filter((css) => css.includes('@font-face'))
      .join('\n'),
  );
  const frame = frameHtml(deck, slides, layout, options.notes, fontFaces);
  await tab.setContent(
    `<!doctype html>\n<html lang="${escapeHtml(deck.config.lang)}">\n<head>${frame.head}</head><body></body></html>`,
    {
      waitUntil: 'load',
      timeout,
    },
  );
  // The fonts the notes need are loaded first, then the text is laid out with them.
  await tab.evaluate(
    async (body, family) => {
      const probe = document.createElement('template');
      probe.innerHTML = body;
      await document.fonts.load(`10pt ${family}`, probe.content.textContent ?? '');
      document.body.innerHTML = body;
      await document.fonts.ready;
      // Text is shaped again with fonts that arrived only at the next frame; printing before it kept
      // boxes. A window in the background runs no frames: a time limit too.
      await Promise.race([
        new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
        new Promise((r) => setTimeout(r, 500)),
      ]);
    },
    frame.body,
    FRAME_FONTS,
  );
  const cut = await tab.evaluate(fitNotes);
  const printed = await tab.pdf({
    width: cssWidth,
    height: cssHeight,
    margin: { top: 0, right: 0, bottom: 0, left: 0 },
    printBackground: true,
    tagged: true,
    timeout,
  });

  const doc = await PDFDocument.load(printed, { updateMetadata: false });
  const embedded = await doc.embedPdf(
    slidesPdf,
    slides.map((s) => s.page),
  );
  const pages = doc.getPages();
  slides.forEach((_, i) => {
    const slot = layout.slots[i];
    const page = slot && pages[slot.page];
    const slide = embedded[i];
    if (!slot || !page || !slide) return;
    // pdf-lib measures from the bottom left, of the page as Chromium sized it (to its pixel grid).
    page.drawPage(slide, {
      x: slot.slide.x,
      y: page.getHeight() - slot.slide.y - slot.slide.height,
      width: slot.slide.width,
      height: slot.slide.height,
    });
  });
  const warnings: Warning[] = cut.map((n) => {
    const { slide, index } = slides[n] as (typeof slides)[number];
    return {
      file: deck.path,
      line: slide.line,
      code: 'handout-notes-cut',
      message: `slide ${index + 1}${slide.title ? ` "${slide.title}"` : ''}: its notes do not fit beside it in the handout and are cut off; shorten them, or print fewer slides per page`,
    };
  });
  const pageOfSlide = deck.slides.map(() => undefined as number | undefined);
  slides.forEach(({ index }, i) => {
    pageOfSlide[index] = layout.slots[i]?.page;
  });
  return { bytes: await doc.save({ updateFieldAppearances: false }), layout, pageOfSlide, warnings };
}

/** The frame: one portrait page per handout page, a border where each slide goes, notes, a footer. */
function frameHtml(
  deck: Deck,
  slides: readonly { slide: Deck['slides'][number]; index: number }[],
  layout: HandoutLayout,
  notes: boolean,
  fontFaces: string,
): { head: string; body: string } {
  const box = (r: Rect) =>
    `left:${r.x.toFixed(2)}pt;top:${r.y.toFixed(2)}pt;width:${r.width.toFixed(2)}pt;height:${r.height.toFixed(2)}pt`;
  const pages: string[] = [];
  for (let page = 0; page < layout.pageCount; page++) {
    const slots = slides
      .map((s, i) => ({ ...s, slot: layout.slots[i] }))
      .filter((s) => s.slot?.page === page)
      .map(({ slide, index, slot }) => {
        if (!slot) return '';
        const label = `Slide ${index + 1}${slide.title ? `: ${slide.title}` : ''}`;
        // The slide itself is drawn here afterwards; the figure names it for assistive technology.
        const figure = `<div class="slide" role="img" aria-label="${escapeHtml(label)}" style="${box(slot.slide)}"></div>`;
        const text =
          notes && slot.notes
            ? `<div class="notes" style="${box(slot.notes)}">${slide.notesHtml ?? ''}</div>`
            : '';
        return figure + text;
      })
      .join('');
    const footer = `<div class="footer" style="${box(layout.footer)}"><span>${escapeHtml(deck.config.title)}</span><span>${page + 1} / ${layout.pageCount}</span></div>`;
    pages.push(`<section class="page">${slots}${footer}</section>`);
  }
  return {
    head: `
<meta charset="utf-8">
<title>${escapeHtml(deck.config.title)}</title>
<style>
${fontFaces}
@page { size: ${layout.width}pt ${layout.height}pt; margin: 0; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: ${FRAME_FONTS}; color: #111; }
.page { position: relative; width: ${layout.width}pt; height: ${layout.height}pt; overflow: hidden; break-after: page; }
.page:last-child { break-after: auto; }
.slide { position: absolute; box-sizing: border-box; outline: 0.75pt solid #999; }
.notes { position: absolute; box-sizing: border-box; overflow: hidden; font-size: 10pt; line-height: 1.35; }
.notes > :first-child { margin-top: 0; }
.notes p, .notes ul, .notes ol { margin: 0 0 0.5em; }
.notes ul, .notes ol { padding-left: 1.2em; }
.footer { position: absolute; display: flex; justify-content: space-between; font-size: 8pt; color: #555; border-top: 0.5pt solid #bbb; padding-top: 4pt; box-sizing: border-box; }
</style>`,
    body: pages.join('\n'),
  };
}

/** The frame's fonts: the fallback family draws what Helvetica and Arial do not. */
const FRAME_FONTS = "Helvetica, 'Pitchdeck Fallback', Arial, sans-serif";

/**
 * Runs in the page: notes too long for their box are set smaller, down to 6pt; the slides whose notes
 * still do not fit are returned, by their order in the handout.
 */
function fitNotes(): number[] {
  const cut: number[] = [];
  [...document.querySelectorAll<HTMLElement>('.notes')].forEach((notes, i) => {
    let size = 10;
    while (notes.scrollHeight > notes.clientHeight + 1 && size > 6) {
      size -= 0.5;
      notes.style.fontSize = `${size}pt`;
    }
    if (notes.scrollHeight > notes.clientHeight + 1) cut.push(i);
  });
  return cut;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
