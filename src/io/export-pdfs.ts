import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { type BrowserSession, startBrowser } from '../browser/session.ts';
import { EnvironmentError } from '../errors.ts';
import { openPage, type PdfOptions, printPdf } from '../export/export-pdf.ts';
import { finishPdf, outlineFromPages } from '../export/pdf-document.ts';
import { captureSlides } from '../export/slide-images.ts';
import type { BuiltDeck } from './build.ts';
import { cutStem } from './output-names.ts';
import { writeFileAtomic } from './write-files.ts';

export interface ExportOptions extends PdfOptions {
  /** Where each deck's PDF goes; by default `<deck folder>/<deck>[-<audience>].pdf`. */
  pdfPath?: ((built: BuiltDeck) => string) | undefined;
  /** Also write one PNG per slide into `<deck folder>/png/`. */
  images?: boolean | undefined;
  /** Called as each deck starts and ends, for a progress line. */
  onProgress?:
    | ((event: { index: number; total: number; built: BuiltDeck; done: boolean }) => void)
    | undefined;
  /** Print this many decks at once in the one browser (tabs); 4 measured fastest on 2 cores. */
  concurrency?: number | undefined;
  log?: ((line: string) => void) | undefined;
  /** A browser already being launched by the caller, who also closes it. */
  session?: BrowserSession | undefined;
}

export interface ExportedPdf {
  built: BuiltDeck;
  pdfPath: string;
  pageCount: number;
  bytes: number;
  images: string[];
}

/**
 * Exports built decks to PDF with one browser for the whole run, closed on success and on error alike.
 * Each PDF is written to a temporary file and renamed, so a failed export leaves no partial file.
 */
export async function exportPdfs(
  decks: readonly BuiltDeck[],
  options: ExportOptions = {},
): Promise<ExportedPdf[]> {
  if (decks.length === 0) return [];
  if (options.session) return exportWith(await options.session.browser(), decks, options);
  const session = startBrowser({ log: options.log });
  try {
    return await exportWith(await session.browser(), decks, options);
  } finally {
    await session.close();
  }
}

/** The same with a browser the caller owns (tests, a server). */
export async function exportWith(
  browser: Browser,
  decks: readonly BuiltDeck[],
  options: ExportOptions = {},
): Promise<ExportedPdf[]> {
  const results: ExportedPdf[] = new Array(decks.length);
  let next = 0;
  // Each worker keeps one tab and navigates it from deck to deck: a new tab per deck costs ~0.1 s.
  const worker = async () => {
    const page = await openPage(browser);
    try {
      while (next < decks.length) {
        const index = next++;
        const built = decks[index] as BuiltDeck;
        options.onProgress?.({ index, total: decks.length, built, done: false });
        results[index] = await exportOne(page, built, options);
        options.onProgress?.({ index, total: decks.length, built, done: true });
      }
    } finally {
      await page.close().catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, decks.length) }, worker));
  return results;
}

async function exportOne(page: Page, built: BuiltDeck, options: ExportOptions): Promise<ExportedPdf> {
  const { deck } = built;
  const printed = await printPdf(page, built.htmlPath, deck, options);
  const bytes = await finishPdf(
    printed.bytes,
    {
      title: deck.config.title,
      author: deck.config.author,
      subject: deck.config.subtitle,
      keywords: deck.config.keywords,
      creator: 'pitchdeck',
      creationDate: new Date(),
    },
    outlineFromPages(deck.slides, printed.firstPageOfSlide),
  );
  const pdfPath = options.pdfPath?.(built) ?? join(built.dir, `${outputName(built)}.pdf`);
  await writeFileAtomic(pdfPath, bytes).catch((error: NodeJS.ErrnoException) => {
    throw new EnvironmentError(`cannot write ${pdfPath}: ${error.code ?? error.message}`, {
      hint: 'Choose an output path in a folder that exists and can be written.',
      cause: error,
    });
  });
  const images: string[] = [];
  if (options.images) {
    const pngs = await captureSlides(page, built.htmlPath, deck);
    await Promise.all(
      pngs.map(async (png, i) => {
        const path = join(built.dir, 'png', `${outputName(built)}-${String(i + 1).padStart(3, '0')}.png`);
        await writeFileAtomic(path, png);
        images.push(path);
      }),
    );
    images.sort();
  }
  return { built, pdfPath, pageCount: printed.pageCount, bytes: bytes.length, images };
}

/** `elixir-pitch`, `elixir-pitch-founders` for an audience's cut, `elixir-pitch-ann-lee` for a recipient's. */
export function outputName(built: BuiltDeck): string {
  return cutStem(built);
}
