import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { browserError } from '../browser/browser-errors.ts';
import { openPage, releasePage } from '../browser/tabs.ts';
import { elementLine, slideName } from '../check/finding.ts';
import { DeckError, EnvironmentError, type Warning } from '../errors.ts';
import type { PlannedPage } from '../plan/build-plan.ts';
import { notesText } from './notes-text.ts';
import { type Picture, type PptxSlide, writePptx } from './pptx-document.ts';
import {
  CAPTURE_CSS,
  type CaptureRequest,
  isolate,
  type MeasuredSlide,
  measureDeck,
  measureSlides,
  prepareDeck,
  showSlide,
  type Unmapped,
} from './pptx-measure.ts';

/** A page of the plan to export, as staged where the browser can load it, and the deck files it shows. */
export interface PptxTarget {
  page: PlannedPage;
  htmlPath: string;
  /** The deck's files as staged beside the page, and the real file each was copied from. */
  copies: readonly { staged: string; from: string }[];
}

export interface PptxOptions {
  /** Speaker notes in the PPTX (default true). */
  notes?: boolean | undefined;
  /** How long a deck may take to become ready. */
  timeoutMs?: number | undefined;
  /** Reads a deck file to embed as a picture (one the plan copies, symlinks already judged). */
  readFile: (path: string) => Promise<Uint8Array>;
  /** Export this many cuts at once in the one browser (tabs). */
  concurrency?: number | undefined;
  onProgress?:
    | ((event: { index: number; total: number; page: PlannedPage; done: boolean }) => void)
    | undefined;
}

/** One cut as a PPTX: the file's bytes, its slide count, and what did not map to PowerPoint. */
export interface ExportedPptx {
  page: PlannedPage;
  pptx: Uint8Array;
  slideCount: number;
  warnings: Warning[];
}

/** Slides measured per call into the page: few calls, each well inside the browser protocol's time limit. */
const BATCH = 25;
/** Pictures taken of elements are twice the slide's pixels: sharp on a projector. */
const PICTURE_SCALE = 2;
/** Files PowerPoint, Keynote, Google Slides and LibreOffice all show; other formats are photographed. */
const EMBEDDABLE: Record<string, Picture['type']> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.gif': 'gif',
};

/**
 * Exports every target to PPTX in the one browser and hands each to `onExported` as soon as it is done.
 * The first failure stops the rest; the browser is the caller's to close.
 */
export async function exportPptxCuts(
  browser: Browser,
  targets: readonly PptxTarget[],
  onExported: (exported: ExportedPptx) => Promise<void>,
  options: PptxOptions,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    const tab = await openPage(browser);
    let usable = false;
    try {
      while (!failed && next < targets.length) {
        const index = next++;
        const target = targets[index] as PptxTarget;
        options.onProgress?.({ index, total: targets.length, page: target.page, done: false });
        try {
          await onExported(await exportPptx(tab, target, options));
        } catch (error) {
          failed = true;
          throw error;
        }
        options.onProgress?.({ index, total: targets.length, page: target.page, done: true });
      }
      usable = true;
    } finally {
      if (usable) await releasePage(tab);
      else await tab.close().catch(() => {});
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(options.concurrency ?? 2, targets.length) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * One cut as an editable PPTX. The built page is laid out in the browser at the deck's size; each slide
 * is shown with every fragment and read as shapes where the browser drew them, in the theme's computed
 * fonts and colours. Pictures of the deck are embedded from its files; what PowerPoint cannot show as it
 * is (maths, diagrams, an iframe, a video, an HTML widget) becomes a picture of it, and the latter
 * three a warning naming the slide and line.
 *
 * @throws DeckError when the page never becomes ready.
 */
export async function exportPptx(tab: Page, target: PptxTarget, options: PptxOptions): Promise<ExportedPptx> {
  const { deck } = target.page;
  const { width, height } = deck.config;
  const timeout = options.timeoutMs ?? 60_000;
  const query = new URLSearchParams({
    // Margin 0: the slide is exactly the window, so the page's pixels are the slide's.
    margin: '0',
    transition: 'none',
    backgroundTransition: 'none',
    controls: 'false',
    progress: 'false',
    slideNumber: 'false',
  });
  try {
    // Pictures are taken at twice the slide's pixels (Puppeteer drops a clip's own scale when the clip
    // stays in the window); the layout, in CSS pixels, is the same.
    await tab.setViewport({ width, height, deviceScaleFactor: PICTURE_SCALE });
    await tab.goto(`${pathToFileURL(target.htmlPath).href}?${query}`, {
      waitUntil: 'domcontentloaded',
      timeout,
    });
    await tab.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'), {
      polling: 50,
      timeout,
    });
  } catch (error) {
    throw notReady(deck, error);
  }
  await tab.addStyleTag({ content: CAPTURE_CSS });
  await tab.evaluate(() => document.fonts.ready);

  const look = await tab.evaluate(measureDeck);
  const deckPicture = look.image
    ? await photograph(tab, { mode: 'deck-background', id: null }, undefined)
    : undefined;
  const count = await tab.evaluate(prepareDeck);
  const slides: PptxSlide[] = [];
  const warnings: Warning[] = [];
  const lines = target.page.sourceText.split(/\r?\n/);
  let captureFrom = 0;
  for (let from = 0; from < count; from += BATCH) {
    // Slides are measured in batches, one call into the page each; a slide with something to
    // photograph is shown again for it.
    const batch = await tab.evaluate(measureSlides, {
      from,
      to: Math.min(count, from + BATCH),
      captureFrom,
      mediaTimeoutMs: Math.min(5000, timeout),
    });
    for (const measured of batch) {
      captureFrom += measured.captures.length;
      const model = deck.slides.find((s) => s.line === measured.line);
      const ownBackground = measured.background.kind === 'capture';
      const photographs = measured.shapes.some((s) => s.kind === 'picture') || ownBackground;
      if (photographs) await tab.evaluate(showSlide, measured.index);
      const pictures = photographs
        ? await picturesOf(tab, measured, target, options)
        : new Map<number, Picture>();
      const background = ownBackground
        ? await photograph(tab, { mode: 'slide-background', id: null }, undefined)
        : undefined;
      slides.push({
        measured,
        pictures,
        background,
        notes: options.notes !== false && model?.notesHtml ? notesText(model.notesHtml) : undefined,
        title: model?.title ?? '',
      });
      for (const item of measured.unmapped) {
        warnings.push({
          file: deck.path,
          line: model ? elementLine(lines, deck, model, item.needle) : measured.line,
          code: 'pptx-picture',
          message: unmappedMessage(model ? slideName(deck, model) : `slide ${measured.index + 1}`, item),
        });
      }
    }
  }
  const pptx = await writePptx({
    width,
    height,
    title: deck.config.title,
    author: deck.config.author,
    subject: deck.config.subtitle,
    lang: look.lang,
    headingFont: look.headingFont,
    bodyFont: look.bodyFont,
    background: { colour: look.colour, picture: deckPicture },
    slides,
  });
  return { page: target.page, pptx, slideCount: slides.length, warnings };
}

/** The error for a deck that never signalled it was ready: the browser's, or the deck's. */
function notReady(deck: PlannedPage['deck'], error: unknown): Error {
  const environment = browserError(error);
  if (environment instanceof EnvironmentError) return environment;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new DeckError(`the deck never became ready to export (${message})`, {
    file: deck.path,
    line: 0,
    code: 'not-ready',
    hint: 'Open the built deck in a browser and look for a script error or a resource that never loads.',
    cause: error,
  });
}

/** `slide 4 "Demo": the iframe (https://example.com) does not run in PowerPoint; the PPTX shows a picture of it, …`. */
function unmappedMessage(slide: string, item: Unmapped): string {
  const what = item.needle && item.what !== item.needle ? `${item.what} (${item.needle})` : item.what;
  const link = item.link ? ', linked to its address' : '';
  const verb = /\b(video|audio)$/.test(item.what) ? 'play' : 'run';
  return `${slide}: the ${what} does not ${verb} in PowerPoint; the PPTX shows a picture of it${link}`;
}

/** The pictures of a slide: the deck's own files where they can be embedded, else screenshots. */
async function picturesOf(
  tab: Page,
  measured: MeasuredSlide,
  target: PptxTarget,
  options: PptxOptions,
): Promise<Map<number, Picture>> {
  const pictures = new Map<number, Picture>();
  const byId = new Map(measured.captures.map((c) => [c.id, c]));
  for (const shape of measured.shapes) {
    if (shape.kind !== 'picture') continue;
    const request = byId.get(shape.capture);
    const file = shape.src === null ? undefined : await deckFile(shape.src, target, options);
    const picture =
      file ?? (request ? await photograph(tab, { mode: request.mode, id: request.id }, request) : undefined);
    if (picture) pictures.set(shape.capture, picture);
  }
  return pictures;
}

/** A picture's bytes from the deck's folder, when the page shows one of the deck's own files as it is. */
async function deckFile(src: string, target: PptxTarget, options: PptxOptions): Promise<Picture | undefined> {
  if (src.startsWith('data:')) {
    const m = /^data:image\/(png|jpeg|jpg|gif);base64,(.*)$/s.exec(src);
    return m
      ? {
          type: m[1] === 'png' ? 'png' : m[1] === 'gif' ? 'gif' : 'jpeg',
          data: Buffer.from(m[2] ?? '', 'base64'),
        }
      : undefined;
  }
  if (!src.startsWith('file:')) return undefined;
  const staged = fileURLToPath(src.split(/[?#]/)[0] ?? src);
  const copy = target.copies.find((c) => c.staged === staged);
  const type = EMBEDDABLE[extname(staged).toLowerCase()];
  if (!copy || !type) return undefined;
  return { type, data: await options.readFile(copy.from) };
}

/** A screenshot of one element (transparent around it), or of a background without the slide. */
async function photograph(
  tab: Page,
  how: { mode: CaptureRequest['mode'] | 'slide-background' | 'deck-background'; id: number | null },
  request: CaptureRequest | undefined,
): Promise<Picture | undefined> {
  const viewport = tab.viewport() ?? { width: 1280, height: 720 };
  const region = how.mode === 'region';
  // A region is photographed as the audience sees it; anything else on its own.
  await tab.evaluate(
    isolate,
    region ? null : { mode: how.mode as Exclude<typeof how.mode, 'region'>, id: how.id },
  );
  try {
    if (!request) {
      // Backgrounds are opaque and mostly gradients or photographs: JPEG, at the slide's size.
      const data = await tab.screenshot({ type: 'jpeg', quality: 90, captureBeyondViewport: false });
      return { type: 'jpeg', data };
    }
    const x = Math.max(0, request.clip.x);
    const y = Math.max(0, request.clip.y);
    const w = Math.min(viewport.width, request.clip.x + request.clip.width) - x;
    const h = Math.min(viewport.height, request.clip.y + request.clip.height) - y;
    if (w < 1 || h < 1) return undefined;
    const data = await tab.screenshot({
      type: 'png',
      omitBackground: !region,
      captureBeyondViewport: false,
      clip: { x, y, width: w, height: h },
    });
    return { type: 'png', data };
  } finally {
    await tab.evaluate(isolate, null);
  }
}
