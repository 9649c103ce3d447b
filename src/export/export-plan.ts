import type { Browser, Page } from 'puppeteer';
import { elementLine, mediaMessage } from '../check/finding.ts';
import type { Warning } from '../errors.ts';
import type { PlannedPage } from '../plan/build-plan.ts';
import { openPage, type PdfOptions, printPdf } from './export-pdf.ts';
import { finishPdf, outlineFromPages } from './pdf-document.ts';
import { captureSlides } from './slide-images.ts';

/** A page of the plan to print, as written where the browser can load it (the staging folder). */
export interface PrintTarget {
  page: PlannedPage;
  htmlPath: string;
}

/** One cut printed: the finished PDF and, when asked for, one image per slide. */
export interface PrintedCut {
  page: PlannedPage;
  pdf: Uint8Array;
  pageCount: number;
  images: Uint8Array[];
  /** What the PDF shows broken: pictures and videos that did not load. */
  warnings: Warning[];
}

export interface PrintOptions extends PdfOptions {
  /** The slide images (for the cuts whose plan has an image folder): device pixels per CSS pixel. */
  imageScale?: number | undefined;
  /** Print this many cuts at once in the one browser (tabs); 4 measured fastest on 2 cores. */
  concurrency?: number | undefined;
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
  // Each worker keeps one tab and navigates it from cut to cut: a new tab per cut costs ~0.1 s.
  const worker = async () => {
    const tab = await openPage(browser);
    try {
      while (!failed && next < targets.length) {
        const index = next++;
        const target = targets[index] as PrintTarget;
        options.onProgress?.({ index, total: targets.length, page: target.page, done: false });
        try {
          await onPrinted(await printOne(tab, target, options));
        } catch (error) {
          failed = true;
          throw error;
        }
        options.onProgress?.({ index, total: targets.length, page: target.page, done: true });
      }
    } finally {
      await tab.close().catch(() => {});
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(options.concurrency ?? 4, targets.length) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

async function printOne(
  tab: Page,
  { page, htmlPath }: PrintTarget,
  options: PrintOptions,
): Promise<PrintedCut> {
  const { deck } = page;
  const printed = await printPdf(tab, htmlPath, deck, options);
  const pdf = await finishPdf(
    printed.bytes,
    {
      title: deck.config.title,
      author: deck.config.author,
      subject: deck.config.subtitle,
      keywords: deck.config.keywords,
      lang: deck.config.lang,
      creator: 'pitchdeck',
      creationDate: new Date(),
    },
    outlineFromPages(deck.slides, printed.firstPageOfSlide),
  );
  const images =
    page.imageDir === undefined
      ? []
      : await captureSlides(tab, htmlPath, deck, {
          format: page.imageFormat,
          scale: options.imageScale ?? 1,
        });
  const lines = page.sourceText.split(/\r?\n/);
  const warnings: Warning[] = printed.failedLoads.map((load) => {
    const slide = deck.slides.find((s) => s.line === load.line);
    return {
      file: deck.path,
      line: slide ? elementLine(lines, deck, slide, load.url) : 0,
      code: 'broken-media',
      message: mediaMessage(deck, slide, load),
    };
  });
  return { page, pdf, pageCount: printed.pageCount, images, warnings };
}
