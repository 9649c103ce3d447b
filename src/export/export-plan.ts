import { availableParallelism } from 'node:os';
import type { Browser, Page } from 'puppeteer-core';
import type { FailedLoad } from '../browser/failed-loads.ts';
import { openPage, releasePage } from '../browser/tabs.ts';
import { elementLine, mediaMessage } from '../check/finding.ts';
import type { Warning } from '../errors.ts';
import type { Deck } from '../model.ts';
import type { PlannedPage } from '../plan/build-plan.ts';
import { type PdfOptions, type PrintedPdf, printPdf, reprintPdf } from './export-pdf.ts';
import type { HandoutOptions } from './handout-layout.ts';
import { finishPdf, outlineFromPages, type PdfMetadata } from './pdf-document.ts';
import { captureSlides } from './slide-images.ts';
import { centredAsReveal, textSkeleton } from './text-swap.ts';

/** A page of the plan to print, as written where the browser can load it (the staging folder). */
export interface PrintTarget {
  page: PlannedPage;
  htmlPath: string;
  /** Where the PDF's relative links lead (see `PdfOptions.linkBase`). */
  linkBase?: string | undefined;
}

/** One cut printed: the finished PDF, handout and slide images, each when the plan asks for it. */
export interface PrintedCut {
  page: PlannedPage;
  /** The slides PDF (undefined when only a handout was asked for) and its page count. */
  pdf: Uint8Array | undefined;
  pageCount: number;
  handout: { bytes: Uint8Array; pageCount: number; warnings: Warning[] } | undefined;
  images: Uint8Array[];
  /** What the PDF shows broken: pictures and videos that did not load. */
  warnings: Warning[];
  /** The same, as the browser saw them (for the checks). */
  failedLoads: FailedLoad[];
}

export interface PrintOptions extends PdfOptions {
  /** Handouts (for the cuts whose plan has a handout path): slides per page and paper. */
  handout?: HandoutOptions | undefined;
  /** The slide images (for the cuts whose plan has an image folder): device pixels per CSS pixel. */
  imageScale?: number | undefined;
  /** Print this many cuts at once in the one browser (tabs); by default one per core, at least 2. */
  concurrency?: number | undefined;
  /**
   * Runs on a cut's print view, laid out, before it is printed (the checks measure it there): on the
   * slides PDF's page when it is printed plain (no fragment steps, no notes pages), else on the plain
   * print a handout is made from. Not called for a cut printed with fragments or notes only.
   */
  inspect?: ((tab: Page, target: PrintTarget) => Promise<void>) | undefined;
  /** Called as each cut starts and ends, for a progress line. */
  onProgress?:
    | ((event: { index: number; total: number; page: PlannedPage; done: boolean }) => void)
    | undefined;
}

/**
 * Prints every target to PDF (and PNGs) in the one browser and hands each to `onPrinted` as soon as it
 * is done, so hundreds of recipients' PDFs are never all in memory at once. The first failure stops the
 * rest; the browser is the caller's to close.
 */
export async function printCuts(
  browser: Browser,
  targets: readonly PrintTarget[],
  onPrinted: (printed: PrintedCut) => Promise<void>,
  options: PrintOptions = {},
): Promise<void> {
  let next = 0;
  let failed = false;
  // Each worker keeps one tab and navigates it from cut to cut: a new tab per cut costs ~0.1 s. A cut
  // that differs from the one before it in the tab only in its slides' text (a recipient's vars) is
  // printed from that one's print view, without loading and laying out the deck again.
  const worker = async () => {
    const tab = await openPage(browser);
    let loaded: Reusable | undefined;
    let usable = false;
    try {
      while (!failed && next < targets.length) {
        const index = next++;
        const target = targets[index] as PrintTarget;
        options.onProgress?.({ index, total: targets.length, page: target.page, done: false });
        try {
          const printed = await printOne(tab, target, options, loaded);
          loaded = printed.reusable;
          await onPrinted(printed.cut);
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
    Array.from({ length: Math.min(options.concurrency ?? printConcurrency(), targets.length) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * Tabs printing at once: one per core keeps Chromium's renderers busy without them fighting for the
 * cores; at least two, so that one tab's waits (loading, the browser writing the PDF) overlap another's
 * work.
 */
export function printConcurrency(): number {
  return Math.max(2, availableParallelism());
}

/** The document information a deck's PDFs carry. */
function metadataOf(deck: Deck): PdfMetadata {
  return {
    title: deck.config.title,
    author: deck.config.author,
    subject: deck.config.subtitle,
    keywords: deck.config.keywords,
    lang: deck.config.lang,
    creator: 'pitchdeck',
    creationDate: new Date(),
  };
}

/**
 * One deck's slides PDF, finished (document information, language, bookmarks), printed in a tab the
 * caller owns and keeps: what a long-running process (`serve`, a watch) does with the browser it keeps
 * up. `location` is the built page's path, or its URL when a server serves it.
 *
 * @throws DeckError naming the slide that never became ready.
 */
export async function printDeckPdf(
  tab: Page,
  location: string | URL,
  deck: Deck,
  options: PdfOptions = {},
): Promise<{ pdf: Uint8Array; pageCount: number; failedLoads: FailedLoad[] }> {
  const printed = await printPdf(tab, location, deck, options);
  const pdf = await finishPdf(
    printed.bytes,
    metadataOf(deck),
    outlineFromPages(deck.slides, printed.firstPageOfSlide),
  );
  return { pdf, pageCount: printed.pageCount, failedLoads: printed.failedLoads };
}

/**
 * The print view a tab holds, printed plain from `html`. Whether another page's text can be swapped into
 * it is found out when a second page comes (a run of one cut never pays for it).
 */
interface Reusable {
  html: string;
  /** The deck's source: only its own cuts are printed from this view (their pictures are the same files). */
  source: string;
  height: number;
  printed: PrintedPdf;
  /** Its skeleton, and whether the swap centres its slides as reveal.js did; once asked. */
  swappable?: { skeleton: string | undefined; centred: boolean };
}

/** Whether `html` can be printed from the print view the tab holds, by swapping its text in. */
async function canSwap(tab: Page, loaded: Reusable, html: string, source: string): Promise<boolean> {
  loaded.swappable ??= {
    skeleton: textSkeleton(loaded.html),
    centred: await tab.evaluate(centredAsReveal, loaded.height),
  };
  const { skeleton, centred } = loaded.swappable;
  return loaded.source === source && centred && skeleton !== undefined && textSkeleton(html) === skeleton;
}

async function printOne(
  tab: Page,
  target: PrintTarget,
  options: PrintOptions,
  loaded: Reusable | undefined,
): Promise<{ cut: PrintedCut; reusable: Reusable | undefined }> {
  const { page, htmlPath } = target;
  const { deck } = page;
  const metadata = metadataOf(deck);
  let printed: PrintedPdf | undefined;
  let pdf: Uint8Array | undefined;
  let reusable: Reusable | undefined;
  const inspect =
    options.inspect && ((tab: Page) => (options.inspect as NonNullable<typeof options.inspect>)(tab, target));
  const plain = !options.fragments && !options.notes;
  if (page.pdfPath !== undefined) {
    // Only the slides PDF leaves the tab on its print view: a handout or images navigate it elsewhere.
    const alone = plain && page.handoutPath === undefined && page.imageDir === undefined;
    if (alone && loaded && (await canSwap(tab, loaded, page.html, deck.path))) {
      printed = await reprintPdf(tab, page.html, deck, loaded.printed, {
        timeoutMs: options.timeoutMs,
        inspect,
      });
    }
    if (printed) {
      reusable = loaded;
    } else {
      printed = await printPdf(tab, htmlPath, deck, {
        ...options,
        linkBase: target.linkBase,
        inspect: plain ? inspect : undefined,
      });
      if (alone) reusable = { html: page.html, source: deck.path, height: deck.config.height, printed };
    }
    pdf = await finishPdf(printed.bytes, metadata, outlineFromPages(deck.slides, printed.firstPageOfSlide));
  }
  let handout: PrintedCut['handout'];
  if (page.handoutPath !== undefined && options.handout) {
    // A handout shows each slide once, in its final state; notes go beside the slides, not after them.
    const slides =
      printed && plain
        ? printed
        : await printPdf(tab, htmlPath, deck, {
            timeoutMs: options.timeoutMs,
            inspect: printed ? undefined : inspect,
          });
    printed ??= slides;
    // pdf-lib, which draws the handout's pages, is loaded only for a handout (~0.2 s).
    const { makeHandout } = await import('./handout.ts');
    const made = await makeHandout(tab, htmlPath, deck, slides.bytes, slides.firstPageOfSlide, {
      ...options.handout,
      notes: options.notes === true,
      timeoutMs: options.timeoutMs,
    });
    handout = {
      bytes: await finishPdf(made.bytes, metadata, outlineFromPages(deck.slides, made.pageOfSlide)),
      pageCount: made.layout.pageCount,
      warnings: made.warnings,
    };
  }
  const images =
    page.imageDir === undefined
      ? []
      : await captureSlides(tab, htmlPath, deck, {
          format: page.imageFormat,
          scale: options.imageScale ?? 1,
        });
  const lines = page.sourceText.split(/\r?\n/);
  const warnings: Warning[] = (printed?.failedLoads ?? []).map((load) => {
    const slide = deck.slides.find((s) => s.line === load.line);
    return {
      file: deck.path,
      line: slide ? elementLine(lines, deck, slide, load.url) : 0,
      code: 'broken-media',
      message: mediaMessage(deck, slide, load),
    };
  });
  warnings.push(...(handout?.warnings ?? []));
  return {
    cut: {
      page,
      pdf,
      pageCount: printed?.pageCount ?? 0,
      handout,
      images,
      warnings,
      failedLoads: printed?.failedLoads ?? [],
    },
    reusable,
  };
}
