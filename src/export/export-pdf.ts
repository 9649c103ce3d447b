import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { browserError, unlessCrashed } from '../browser/browser-errors.ts';
import { type FailedLoad, watchFailedLoads } from '../browser/failed-loads.ts';
import { DeckError, EnvironmentError } from '../errors.ts';
import type { Deck } from '../model.ts';
import { type PrintedPage, preparePrintView } from './print-view.ts';
import { recentre, swapText } from './text-swap.ts';

export interface PdfOptions {
  /** One page per fragment step instead of each slide in its final state. */
  fragments?: boolean | undefined;
  /** Speaker notes on a page of their own after each slide. */
  notes?: boolean | undefined;
  /** How long a deck may take to become ready to print. */
  timeoutMs?: number | undefined;
  /**
   * The folder the page's relative links lead to from the PDF: the page's folder in the output (or the
   * deck's own), not the staging folder it is printed from, which is gone once the run ends.
   */
  linkBase?: string | undefined;
}

export interface PrintedPdf {
  bytes: Uint8Array;
  pageCount: number;
  /** Every page in print order: which slide it shows, or whose notes. */
  pages: PrintedPage[];
  /** For each of the deck's slides, the 0-based page it starts on (undefined when it printed no page). */
  firstPageOfSlide: (number | undefined)[];
  /** Pictures and videos that did not load: the PDF shows them broken. */
  failedLoads: FailedLoad[];
}

/**
 * Prints a built deck to PDF in one `page.pdf` call over reveal.js's print view, at the deck's size with
 * backgrounds, after waiting for reveal's `pdf-ready`, the fonts and every image. The page is the
 * caller's, reused from deck to deck: one browser and a few tabs serve a whole run. `inspect`, when
 * given, runs on the laid-out print view before it is printed (the checks measure it there, so the deck
 * is loaded and laid out once for both).
 *
 * @throws DeckError naming the slide that never became ready.
 */
async function printPdfUnguarded(
  page: Page,
  htmlPath: string | URL,
  deck: Deck,
  options: PdfOptions & { inspect?: ((page: Page) => Promise<void>) | undefined } = {},
): Promise<PrintedPdf> {
  const { width, height } = deck.config;
  const timeout = options.timeoutMs ?? 60_000;
  const loads = watchFailedLoads(page);
  try {
    await openPrintView(page, htmlPath, deck, { ...options, timeout });
    // Before the checks measure the page: one style update for both.
    const printed = await page.evaluate(preparePrintView, { width, height });
    await options.inspect?.(page);
    if (options.linkBase !== undefined)
      await page.evaluate(relink, pathToFileURL(join(options.linkBase, '/')).href);
    const bytes = await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, timeout });
    const firstPageOfSlide = deck.slides.map((slide) => {
      const index = printed.findIndex((p) => p.kind === 'slide' && p.line === slide.line);
      return index === -1 ? undefined : index;
    });
    return {
      bytes,
      pageCount: printed.length,
      pages: printed,
      firstPageOfSlide,
      failedLoads: await loads.collect(),
    };
  } catch (error) {
    // A time-out while loading or printing is the deck's (a huge page, a --timeout too short): name it.
    if (error instanceof DeckError || !(error instanceof Error) || !isTimeout(error)) throw error;
    throw notReady(deck, error);
  } finally {
    loads.stop();
  }
}

/**
 * Runs in the page: links to the page's own folder lead to `base` instead (Chromium writes each link
 * into the PDF as an absolute address).
 */
function relink(base: string): void {
  const here = new URL('.', location.href).href;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    if (link.href.startsWith(here)) link.setAttribute('href', base + link.href.slice(here.length));
  }
}

/**
 * Prints another page with the same skeleton (`textSkeleton`) from the print view `previous` left in
 * the tab: its slide text and title are put in place and the slides centred again, then it is printed
 * with the same pages. Undefined, with nothing printed, when the tab's page turns out not to match.
 */
async function reprintPdfUnguarded(
  page: Page,
  html: string,
  deck: Deck,
  previous: PrintedPdf,
  options: { timeoutMs?: number | undefined; inspect?: ((page: Page) => Promise<void>) | undefined } = {},
): Promise<PrintedPdf | undefined> {
  const timeout = options.timeoutMs ?? 60_000;
  try {
    if (!(await page.evaluate(swapText, { html }))) return undefined;
    // The new text may need fonts (a name in another script) that only load now: the slides are measured
    // for centring once they are there.
    await page.evaluate(settle, Math.max(1000, timeout / 2));
    await page.evaluate(recentre, deck.config.height);
    await options.inspect?.(page);
    const bytes = await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, timeout });
    const firstPageOfSlide = deck.slides.map((slide) => {
      const index = previous.pages.findIndex((p) => p.kind === 'slide' && p.line === slide.line);
      return index === -1 ? undefined : index;
    });
    return { ...previous, bytes, firstPageOfSlide };
  } catch (error) {
    if (error instanceof DeckError || !(error instanceof Error) || !isTimeout(error)) throw error;
    throw notReady(deck, error);
  }
}

/**
 * Runs in the page: waits for its fonts and pictures, then for text to be shaped again with the fonts
 * that just arrived (at the next frame; a print before it keeps boxes where the glyphs go). A window in
 * the background runs no frames: a time limit too.
 */
async function settle(ms: number): Promise<void> {
  const images = [...document.images].map((img) => (img.complete ? undefined : img.decode().catch(() => {})));
  await Promise.race([Promise.all([document.fonts.ready, ...images]), new Promise((r) => setTimeout(r, ms))]);
  await Promise.race([
    new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    new Promise((r) => setTimeout(r, 500)),
  ]);
}

/**
 * Loads a built deck (its path, or its URL when a server serves it) in reveal.js's print view at the deck's size (one page per slide, or per fragment
 * step, notes pages when asked) and waits until it is laid out, its fonts loaded and its images decoded.
 * For the checks (`purpose: 'check'`), an image that never loads is not an error: after a while the page
 * stops loading and is laid out without it, and its address is returned among the `stalled` ones.
 *
 * @throws DeckError naming the slide that never became ready.
 */
async function openPrintViewUnguarded(
  page: Page,
  htmlPath: string | URL,
  deck: Deck,
  options: PdfOptions & { timeout: number; purpose?: 'print' | 'check' | undefined },
): Promise<{ stalled: string[] }> {
  const { width, height } = deck.config;
  const query = new URLSearchParams({
    view: 'print',
    // Margin 0 makes each page exactly the deck's size (16:9 by default); the layout pads the slides.
    margin: '0',
    pdfMaxPagesPerSlide: '1',
    pdfSeparateFragments: options.fragments ? 'true' : 'false',
    showNotes: options.notes ? 'separate-page' : 'false',
  });
  await page.setViewport({ width, height });
  // Not 'load': an image that never arrives would hold the load event, and the slide that holds it
  // is then named below instead of a bare navigation time-out.
  const url = typeof htmlPath === 'string' ? pathToFileURL(htmlPath) : new URL(htmlPath);
  for (const [key, value] of query) url.searchParams.set(key, value);
  await page.goto(url.href, {
    waitUntil: 'domcontentloaded',
    timeout: options.timeout,
  });
  return { stalled: await waitUntilReady(page, deck, options.timeout, options.purpose ?? 'print') };
}

/**
 * reveal.js signals `pdf-ready` once the print layout is built; then the fonts must be loaded and every
 * image decoded, or pages print blank or half-rendered. Returns the addresses given up on (checks only).
 */
async function waitUntilReady(
  page: Page,
  deck: Deck,
  timeout: number,
  purpose: 'print' | 'check',
): Promise<string[]> {
  const stalled: string[] = [];
  // Watched for in the page as it changes, not on a timer or animation frames: no time is lost between
  // the signal and seeing it, and a tab printing beside others (in the background, where Chromium runs
  // no animation frames) sees it too.
  const laidOut = (ms: number) =>
    page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-pdf-ready'), {
      polling: 'mutation',
      timeout: ms,
    });
  try {
    if (purpose === 'check') {
      // reveal.js lays out the print view after the page's load event, which a picture that never
      // arrives holds for ever: the checks wait a while, then stop loading and report it.
      const patience = Math.min(5000, timeout / 2);
      const ready = await laidOut(patience).then(
        () => true,
        (error: unknown) => {
          if (!(error instanceof Error) || !isTimeout(error)) throw error;
          return false;
        },
      );
      if (!ready) {
        stalled.push(...(await page.evaluate(stopLoading)));
        await laidOut(timeout - patience);
      }
    } else {
      await laidOut(timeout);
    }
    await page.evaluate(settle, Math.max(1000, timeout / 2));
  } catch (error) {
    // reveal.js lays out the print view only after the page's load event, which a hanging image holds.
    const environment = browserError(error);
    if (environment instanceof EnvironmentError) throw environment;
    throw (await pendingImage(page, deck)) ?? notReady(deck, error, purpose);
  }
  if (purpose === 'check') return stalled;
  const pending = await pendingImage(page, deck);
  if (pending) throw pending;
  return stalled;
}

/**
 * Runs in the page: the pictures still loading, then loading stopped and the load event reveal.js waits
 * for sent (stopping does not send it), so that the print view is laid out without them.
 */
function stopLoading(): string[] {
  const pending = [...document.images].filter((img) => !img.complete).map((img) => img.currentSrc || img.src);
  window.stop();
  if (!document.documentElement.hasAttribute('data-pitchdeck-pdf-ready'))
    window.dispatchEvent(new Event('load'));
  return pending;
}

/** The first slide with an image still loading, as the error that names it. */
async function pendingImage(page: Page, deck: Deck): Promise<DeckError | undefined> {
  const pending = await page
    .evaluate(() =>
      [...document.images]
        .filter((img) => !img.complete)
        .map((img) => ({
          src: img.getAttribute('src') ?? '',
          line: img.closest('section[data-source-line]')?.getAttribute('data-source-line') ?? '0',
        })),
    )
    .catch(() => []);
  const first = pending[0];
  return first
    ? slideError(deck, Number(first.line), `never became ready: the image "${first.src}" did not load`)
    : undefined;
}

/** The error for a deck that never signalled it was ready, to print or to check. */
export function notReady(deck: Deck, error: unknown, purpose: 'print' | 'check' = 'print'): Error {
  // The browser went away (crashed, killed): not the deck's fault, and not something to wait out.
  const environment = browserError(error);
  if (environment instanceof EnvironmentError) return environment;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new DeckError(`the deck never became ready to ${purpose} (${message})`, {
    file: deck.path,
    line: 0,
    code: 'not-ready',
    hint: 'Open the built deck in a browser and look for a script error or a resource that never loads.',
    cause: error,
  });
}

function slideError(deck: Deck, line: number, what: string): DeckError {
  const index = deck.slides.findIndex((s) => s.line === line);
  const slide = deck.slides[index];
  const name = slide ? `slide ${index + 1}${slide.title ? ` "${slide.title}"` : ''}` : 'a slide';
  return new DeckError(`${name} ${what}`, {
    file: deck.path,
    line,
    code: 'not-ready',
    hint: 'Check that the file exists and loads, or remove it from the slide.',
  });
}

/**
 * Puppeteer's time-out, told by its name (its class is not exported by the build the CLI bundles; a
 * bundler may add a suffix to a class's name when two share it).
 */
function isTimeout(error: Error): boolean {
  return /^TimeoutError\b/.test(error.name);
}

/** `printPdfUnguarded`, failing at once (an environment error) if the page's renderer crashes. */
export function printPdf(
  ...args: Parameters<typeof printPdfUnguarded>
): ReturnType<typeof printPdfUnguarded> {
  return unlessCrashed(args[0], () => printPdfUnguarded(...args));
}

/** `reprintPdfUnguarded`, failing at once (an environment error) if the page's renderer crashes. */
export function reprintPdf(
  ...args: Parameters<typeof reprintPdfUnguarded>
): ReturnType<typeof reprintPdfUnguarded> {
  return unlessCrashed(args[0], () => reprintPdfUnguarded(...args));
}

/** `openPrintViewUnguarded`, failing at once (an environment error) if the page's renderer crashes. */
export function openPrintView(
  ...args: Parameters<typeof openPrintViewUnguarded>
): ReturnType<typeof openPrintViewUnguarded> {
  return unlessCrashed(args[0], () => openPrintViewUnguarded(...args));
}
