import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { browserError } from '../browser/browser-errors.ts';
import { browserDiagrams } from '../browser/diagram-page.ts';
import { type BrowserSession, lazyBrowser } from '../browser/session.ts';
import { checkPages, cutOf, isAssetWarning, toLayOut } from '../check/check-plan.ts';
import { type Finding, sortFindings } from '../check/finding.ts';
import type { LayoutMeasurement } from '../check/layout.ts';
import { DeckError, type EnvironmentError, type Warning } from '../errors.ts';
import type { PdfOptions } from '../export/export-pdf.ts';
import type { Deck } from '../model.ts';
import type { BuildInputs, BuildPlan, PlannedPage, PlanOptions } from '../plan/build-plan.ts';
import { imageFileName } from '../plan/output-names.ts';
import { planBuild, uniqueWarnings } from '../plan/plan-build.ts';
import { type ReadOptions, readBuildInputs } from '../read/read-build-inputs.ts';
import { savePictures } from '../write/picture-cache.ts';
import { stagePlan } from '../write/stage-plan.ts';
import { Staging } from '../write/staging.ts';

export interface RunOptions extends ReadOptions, PlanOptions {
  /**
   * `report` (default): check every cut and report the findings; `strict`: also lay out every
   * recipient's cut, and any warning or finding writes nothing; `off`: no checks.
   */
  check?: 'off' | 'report' | 'strict' | undefined;
  /** Lay out every recipient's cut, not only the largest of each audience (always with `strict`). */
  everyRecipient?: boolean | undefined;
  /** Move the outputs into the output folder (default); `check` stages them and throws them away. */
  commit?: boolean | undefined;
  /** PDF: one page per fragment step, speaker notes pages, and how long a deck may take to be ready. */
  fragments?: boolean | undefined;
  pdfNotes?: boolean | undefined;
  /** PPTX: speaker notes in the file (default true). */
  pptxNotes?: boolean | undefined;
  timeoutMs?: number | undefined;
  /** Slide images: device pixels per CSS pixel (default 1). */
  imageScale?: number | undefined;
  /**
   * The run's browser, launched by the caller (who also closes it) and asked for only when needed; by
   * default the run starts one when it needs it and closes it.
   */
  session?: BrowserSession | undefined;
  /** When no browser can be had for the checks: report it and go on (the PDF still needs one). */
  onLayoutUnavailable?: ((error: EnvironmentError) => void) | undefined;
  /** The Chrome or Chromium to use, when the run launches its own. */
  browserPath?: string | undefined;
  /** Progress lines for a person (a browser being downloaded). */
  log?: ((line: string) => void) | undefined;
  /** Check rules not to report (`--ignore`), on top of each deck's own `check: { ignore }`. */
  ignore?: readonly string[] | undefined;
  /** Stops the run (Ctrl-C): nothing is moved into place after it is aborted. */
  signal?: AbortSignal | undefined;
  /** Progress for a bar: a stage starts with its number of slides; each cut done moves it on. */
  onProgress?: ((event: RunProgress) => void) | undefined;
}

/** How far a run is: a stage (`check`, `PDF`) starting, or one of its cuts done. */
export type RunProgress =
  | { type: 'start'; stage: string; slides: number }
  | { type: 'done'; slides: number; label: string };

/** One cut's PDF (and PNGs) as written. */
export interface PrintedFile {
  page: PlannedPage;
  pdfPath: string;
  /** False when only the images were asked for (`-o slides.png`, `--images` without `--pdf`): the PDF was made but not kept. */
  kept: boolean;
  pageCount: number;
  bytes: number;
  images: string[];
}

/** One cut's PowerPoint file as written. */
export interface ExportedFile {
  page: PlannedPage;
  path: string;
  slideCount: number;
  bytes: number;
}

export interface RunResult {
  plan: BuildPlan;
  /** The plan's warnings and the single files', each once. */
  warnings: Warning[];
  findings: Finding[];
  singleFiles: Map<PlannedPage, { path: string; bytes: number; warnings: Warning[] }>;
  printed: PrintedFile[];
  pptx: ExportedFile[];
  /** The handouts, with `handout`. */
  handouts: { page: PlannedPage; path: string; pageCount: number; bytes: number }[];
  /** The outputs are in place; false when `strict` found something (or `commit` was off). */
  committed: boolean;
  /** The pages, assets and index were kept, not only staged to print from (`pdf -o talk.pdf`). */
  keptSite: boolean;
}

/**
 * One run of pitchdeck, as every command runs it: read the inputs, plan every cut, stage the pages,
 * check them and print them in one browser, then move everything into the output folder at once.
 * When any part fails, nothing is moved: the output folder stays as it was.
 *
 * @throws DeckError for a deck, template, recipient or option that is wrong; EnvironmentError for the
 *   machine (no browser, a folder that cannot be written).
 */
export async function runBuild(paths: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const inputs = await readBuildInputs(paths, options);
  const check = options.check ?? 'report';
  // Started only when asked for: by a diagram, the checks, a PDF or a PPTX. Checks and diagrams never
  // download or install a browser; a PDF or PPTX needs one and may.
  const ownSession =
    options.session === undefined
      ? lazyBrowser({
          log: options.log,
          install: Boolean(options.pdf || options.images || options.pptx),
          browserPath: options.browserPath,
          oneRun: true,
        })
      : undefined;
  const session = options.session ?? ownSession;
  const browser = session && (() => session.browser());
  let plan: BuildPlan;
  let staging: Staging;
  try {
    plan = await planWithPictures(inputs, options, browser);
    staging = await Staging.open(plan.out);
  } catch (error) {
    await ownSession?.close();
    throw error;
  }
  const print = plan.pages.some((p) => p.pdfPath !== undefined || p.handoutPath !== undefined);
  const pptx = plan.pages.some((p) => p.pptxPath !== undefined);
  // Launching Chromium takes about as long as staging the pages: start it now, so the two overlap.
  if (session && (print || pptx || check !== 'off')) session.browser().catch(() => {});
  try {
    // `-o talk.pdf` (or `.pptx`) asks for that file alone: the pages it is made from are not kept.
    const keptSite = options.outputFile === undefined;
    const site = await stagePlan(plan, staging, inputs.files, {
      keep: keptSite,
      outputFile: options.outputFile?.kind,
    });
    // A PDF's relative links lead to the page's folder in the output, or to the deck's own folder when
    // the run keeps no pages (`-o talk.pdf`).
    const targets = plan.pages.map((page) => ({
      page,
      htmlPath: staging.pathOf(page.htmlPath),
      linkBase: keptSite ? page.dir : page.sourceDir,
    }));
    options.signal?.throwIfAborted();
    const ignored = new Set(options.ignore ?? []);
    const everyRecipient = check === 'strict' || options.everyRecipient !== false;
    // The cuts that are printed plain are measured in the page they are printed from, between the
    // print layout and the print: loaded and laid out once for both. The others get a page of their own.
    const measuredInPrint = new Map<PlannedPage, LayoutMeasurement | undefined>();
    if (check !== 'off' && print && browser) {
      for (const { page } of toLayOut(targets, everyRecipient)) {
        const plainPdf = page.pdfPath !== undefined && !options.fragments && !options.pdfNotes;
        if (plainPdf || (page.pdfPath === undefined && page.handoutPath !== undefined))
          measuredInPrint.set(page, undefined);
      }
    }
    const alone = toLayOut(targets, everyRecipient).filter((t) => !measuredInPrint.has(t.page));
    if (check !== 'off' && alone.length > 0)
      options.onProgress?.({ type: 'start', stage: 'check', slides: slideCount(alone.map((t) => t.page)) });
    const checked =
      check === 'off'
        ? []
        : await checkPages(targets, {
            onChecked: (page) =>
              options.onProgress?.({ type: 'done', slides: page.deck.slides.length, label: cutName(page) }),
            cwd: inputs.cwd,
            browser,
            everyRecipient,
            timeoutMs: options.timeoutMs,
            onLayoutUnavailable: options.onLayoutUnavailable,
            laidOutElsewhere: new Set(measuredInPrint.keys()),
          }).catch((error: unknown) => {
            throw browserError(error);
          });
    options.signal?.throwIfAborted();
    const findings = checked.filter((f) => !ignored.has(f.rule));
    const warnings = uniqueWarnings([...plan.warnings, ...site.warnings]);
    const result: RunResult = {
      plan,
      warnings,
      findings,
      singleFiles: site.singleFiles,
      printed: [],
      pptx: [],
      handouts: [],
      committed: false,
      keptSite,
    };
    const strictFails = () =>
      check === 'strict' && (result.warnings.length > 0 || result.findings.length > 0);
    if (strictFails()) return result;
    if (print && browser) {
      const { printCuts } = await import('../export/export-plan.ts');
      const printing = plan.pages.filter((p) => p.pdfPath !== undefined || p.handoutPath !== undefined);
      options.onProgress?.({ type: 'start', stage: 'PDF', slides: slideCount(printing) });
      const pdf: PdfOptions = {
        fragments: options.fragments,
        notes: options.pdfNotes,
        timeoutMs: options.timeoutMs,
      };
      const { layoutFindings, measureLayout } = await import('../check/layout.ts');
      const laidOut: Finding[] = [];
      await printCuts(
        await browser(),
        targets.filter((t) => t.page.pdfPath !== undefined || t.page.handoutPath !== undefined),
        async (printed) => {
          const { page } = printed;
          const measurement = measuredInPrint.get(page);
          if (measurement) {
            const target = { deck: page.deck, htmlPath: '', cut: cutOf(page), source: page.sourceText };
            laidOut.push(...layoutFindings(measurement, printed.failedLoads, target));
          }
          if (printed.handout && page.handoutPath !== undefined) {
            await staging.write(page.handoutPath, printed.handout.bytes);
            result.handouts.push({
              page,
              path: page.handoutPath,
              pageCount: printed.handout.pageCount,
              bytes: printed.handout.bytes.byteLength,
            });
          }
          result.warnings.push(...printed.warnings);
          const pdfPath = page.pdfPath;
          if (!printed.pdf || pdfPath === undefined) return;
          // Images alone (`-o slides.png`, `build --images png`): the PDF they are captured beside is
          // only staged.
          const keepPdf = options.pdf === true;
          await staging.write(pdfPath, printed.pdf, { keep: keepPdf });
          const images: string[] = [];
          for (const [i, image] of printed.images.entries()) {
            const path = join(
              page.imageDir ?? page.dir,
              imageFileName(page, i + 1, page.imageFormat, page.imageStem),
            );
            await staging.write(path, image);
            images.push(path);
          }
          result.printed.push({
            page,
            pdfPath,
            kept: keepPdf,
            pageCount: printed.pageCount,
            bytes: printed.pdf.byteLength,
            images,
          });
        },
        {
          ...pdf,
          handout: options.handout,
          imageScale: options.imageScale,
          inspect: async (tab, { page }) => {
            if (measuredInPrint.has(page)) measuredInPrint.set(page, await measureLayout(tab, page.deck));
          },
          onProgress: ({ page, done }) => {
            if (done)
              options.onProgress?.({ type: 'done', slides: page.deck.slides.length, label: cutName(page) });
          },
        },
      ).catch((error: unknown) => {
        throw browserError(error);
      });
      // In the plan's order, not the order the tabs finished in.
      result.printed.sort((a, b) => plan.pages.indexOf(a.page) - plan.pages.indexOf(b.page));
      result.handouts.sort((a, b) => plan.pages.indexOf(a.page) - plan.pages.indexOf(b.page));
      // The cuts of a deck share their broken pictures: each once.
      result.warnings = uniqueWarnings(result.warnings);
      // A cut the print did not measure after all is laid out on a page of its own.
      const missed = targets.filter((t) => measuredInPrint.has(t.page) && !measuredInPrint.get(t.page));
      if (missed.length > 0) {
        const { checkLayout } = await import('../check/layout.ts');
        for (const { page, htmlPath } of missed) {
          laidOut.push(
            ...(await checkLayout(
              await browser(),
              { deck: page.deck, htmlPath, cut: cutOf(page), source: page.sourceText },
              { timeoutMs: options.timeoutMs },
            )),
          );
        }
      }
      if (laidOut.length > 0) {
        result.findings = sortFindings([...result.findings, ...laidOut.filter((f) => !ignored.has(f.rule))]);
      }
      if (strictFails()) return result;
    }
    if (pptx && browser) await exportPptx(plan, targets, staging, await browser(), result, options);
    options.signal?.throwIfAborted();
    if (options.commit !== false) {
      await staging.commit();
      result.committed = true;
    }
    return result;
  } finally {
    await staging.discard();
    await ownSession?.close();
  }
}

function slideCount(pages: readonly PlannedPage[]): number {
  return pages.reduce((sum, p) => sum + p.deck.slides.length, 0);
}

/** `elixir-pitch (cto)`: a cut as a progress line names it. */
function cutName(page: PlannedPage): string {
  const cut = page.recipient?.name ?? page.audience;
  return cut === undefined ? page.deck.name : `${page.deck.name} (${cut})`;
}

/** The PPTX step: each cut with a `pptxPath`, built in the run's browser and staged like the PDFs. */
async function exportPptx(
  plan: BuildPlan,
  targets: readonly { page: PlannedPage; htmlPath: string }[],
  staging: Staging,
  browser: Browser,
  result: RunResult,
  options: RunOptions,
): Promise<void> {
  const { exportPptxCuts } = await import('../export/export-pptx.ts');
  const exporting = targets.filter((t) => t.page.pptxPath !== undefined);
  options.onProgress?.({ type: 'start', stage: 'PPTX', slides: slideCount(exporting.map((t) => t.page)) });
  await exportPptxCuts(
    browser,
    exporting.map((t) => ({
      ...t,
      copies: t.page.copies.map((c) => ({ staged: staging.pathOf(c.to), from: c.from })),
    })),
    async (exported) => {
      const path = exported.page.pptxPath as string;
      await staging.write(path, exported.pptx);
      result.pptx.push({
        page: exported.page,
        path,
        slideCount: exported.slideCount,
        bytes: exported.pptx.byteLength,
      });
      result.warnings.push(...exported.warnings);
    },
    {
      notes: options.pptxNotes,
      timeoutMs: options.timeoutMs,
      onProgress: ({ page, done }) => {
        if (done)
          options.onProgress?.({ type: 'done', slides: page.deck.slides.length, label: cutName(page) });
      },
      readFile: async (path) => readFile(path),
    },
  ).catch((error: unknown) => {
    throw browserError(error);
  });
  result.pptx.sort((a, b) => plan.pages.indexOf(a.page) - plan.pages.indexOf(b.page));
  result.warnings = uniqueWarnings(result.warnings);
}

/**
 * Plans the run, its diagrams drawn in the run's browser (a deck without any never starts one) and its
 * new pictures kept in the picture cache for the next run.
 */
async function planWithPictures(
  inputs: BuildInputs,
  options: RunOptions,
  browser: (() => Promise<Browser>) | undefined,
): Promise<BuildPlan> {
  const own = options.diagrams === undefined && browser ? browserDiagrams(browser) : undefined;
  try {
    return await planBuild(inputs, { ...options, diagrams: options.diagrams ?? own });
  } catch (error) {
    throw browserError(error);
  } finally {
    await own?.close();
    await savePictures(inputs.pictureCache);
  }
}

/** One cut as built: where its page went, and what else was made for it. */
export interface BuiltDeck {
  deck: Deck;
  /** Absolute path of the cut's folder in the output. */
  dir: string;
  htmlPath: string;
  /** The audience this cut is for; undefined for a deck without audiences. */
  audience: string | undefined;
  /** The recipient (a row of `each`) this cut is for, by name and folder. */
  recipient: { name: string; slug: string } | undefined;
  /** This cut's warnings, the deck's own included. */
  warnings: Warning[];
  /** The self-contained HTML file, with `singleFile`. */
  singleFile: { path: string; bytes: number } | undefined;
  /** The PDF (and PNGs), with `pdf` or `images`. */
  pdf: { path: string; pageCount: number; bytes: number; images: string[] } | undefined;
  /** The PowerPoint file, with `pptx`. */
  pptx: { path: string; slideCount: number; bytes: number } | undefined;
  /** The handout, with `handout`. */
  handout: { path: string; pageCount: number; bytes: number } | undefined;
}

export type BuildOptions = Omit<RunOptions, 'commit' | 'index'>;

/**
 * Builds decks into the output folder (`dist` by default), as `pitchdeck build --no-check` does unless
 * `check` says otherwise: every cut planned and staged first, then moved into place at once.
 *
 * @throws DeckError for the first deck, template or option that is wrong, and with `check: 'strict'`
 *   for any warning or finding; nothing is written then.
 */
export async function buildDecks(paths: readonly string[], options: BuildOptions = {}): Promise<BuiltDeck[]> {
  const result = await runBuild(paths, { check: 'off', ...options, index: true });
  if (!result.committed) {
    throw new DeckError(
      `${result.warnings.length + result.findings.length} problems (strict): nothing was written`,
      {
        file: '',
        line: 0,
        code: 'strict',
        hint: 'Run pitchdeck check to see them, or build without strict.',
      },
    );
  }
  return builtDecks(result);
}

/** Each page of a run, with what was made for it. */
export function builtDecks(result: RunResult): BuiltDeck[] {
  return result.plan.pages.map((page) => {
    const printed = result.printed.find((p) => p.page === page);
    const single = result.singleFiles.get(page);
    const pptx = result.pptx.find((p) => p.page === page);
    const handout = result.handouts.find((h) => h.page === page);
    return {
      deck: page.deck,
      dir: page.dir,
      htmlPath: page.htmlPath,
      audience: page.audience,
      recipient: page.recipient && { name: page.recipient.name, slug: page.recipient.slug },
      warnings: [...page.warnings, ...(single?.warnings ?? [])],
      singleFile: single && { path: single.path, bytes: single.bytes },
      pdf: printed && {
        path: printed.pdfPath,
        pageCount: printed.pageCount,
        bytes: printed.bytes,
        images: printed.images,
      },
      pptx: pptx && { path: pptx.path, slideCount: pptx.slideCount, bytes: pptx.bytes },
      handout: handout && { path: handout.path, pageCount: handout.pageCount, bytes: handout.bytes },
    };
  });
}

export type CheckOptions = Omit<
  RunOptions,
  | 'out'
  | 'pdf'
  | 'outputFile'
  | 'handout'
  | 'images'
  | 'imageScale'
  | 'singleFile'
  | 'pptx'
  | 'commit'
  | 'index'
  | 'check'
>;

export interface CheckResult {
  /** Every cut's findings, in source order. */
  findings: Finding[];
  /** The build's warnings that are not findings (an unknown front matter key, an unclosed fence). */
  warnings: Warning[];
  /** The cuts checked: deck name, audience and recipient. */
  cuts: { deck: string; path: string; audience: string | undefined; recipient: string | undefined }[];
}

/**
 * Does what `pitchdeck check` does: plans every audience cut, stages it in a temporary folder, checks
 * each in one browser and removes the folder; nothing is written to the output folder.
 *
 * @throws DeckError for a deck that does not build; EnvironmentError when no browser can be started.
 */
export async function checkDecks(paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const out = await mkdtemp(join(tmpdir(), 'pitchdeck-check-'));
  try {
    const result = await runBuild(paths, { ...options, out, commit: false, check: 'report' });
    return {
      findings: result.findings,
      warnings: result.warnings.filter((w) => !isAssetWarning(w)),
      cuts: result.plan.pages.map((p) => ({
        deck: p.deck.name,
        path: p.deck.path,
        audience: p.audience,
        recipient: p.recipient?.name,
      })),
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
