import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserError } from '../browser/browser-errors.ts';
import { type BrowserSession, lazyBrowser } from '../browser/session.ts';
import { checkPages, isAssetWarning } from '../check/check-plan.ts';
import type { Finding } from '../check/finding.ts';
import { DeckError, type EnvironmentError, type Warning } from '../errors.ts';
import type { PdfOptions } from '../export/export-pdf.ts';
import type { Deck } from '../model.ts';
import type { BuildPlan, PlannedPage, PlanOptions } from '../plan/build-plan.ts';
import { imageFileName } from '../plan/output-names.ts';
import { planBuild, uniqueWarnings } from '../plan/plan-build.ts';
import { type ReadOptions, readBuildInputs } from '../read/read-build-inputs.ts';
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
  /** Progress lines for a person (a browser being downloaded). */
  log?: ((line: string) => void) | undefined;
  /** Stops the run (Ctrl-C): nothing is moved into place after it is aborted. */
  signal?: AbortSignal | undefined;
  onPrintProgress?:
    | ((event: { index: number; total: number; page: PlannedPage; done: boolean }) => void)
    | undefined;
}

/** One cut's PDF (and PNGs) as written. */
export interface PrintedFile {
  page: PlannedPage;
  pdfPath: string;
  pageCount: number;
  bytes: number;
  images: string[];
}

export interface RunResult {
  plan: BuildPlan;
  /** The plan's warnings and the single files', each once. */
  warnings: Warning[];
  findings: Finding[];
  singleFiles: Map<PlannedPage, { path: string; bytes: number; warnings: Warning[] }>;
  printed: PrintedFile[];
  /** The handouts, with `handout`. */
  handouts: { page: PlannedPage; path: string; pageCount: number; bytes: number }[];
  /** The outputs are in place; false when `strict` found something (or `commit` was off). */
  committed: boolean;
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
  const plan = await planBuild(inputs, options);
  const check = options.check ?? 'report';
  const print = plan.pages.some((p) => p.pdfPath !== undefined || p.handoutPath !== undefined);
  const ownSession =
    options.session === undefined && (print || check !== 'off')
      ? // Checks alone never download or install a browser; a PDF needs one and may.
        lazyBrowser({ log: options.log, install: print })
      : undefined;
  const session = options.session ?? ownSession;
  const browser = session && (() => session.browser());
  const staging = await Staging.open(plan.out);
  try {
    const site = await stagePlan(plan, staging, inputs.files);
    const targets = plan.pages.map((page) => ({ page, htmlPath: staging.pathOf(page.htmlPath) }));
    options.signal?.throwIfAborted();
    const findings =
      check === 'off'
        ? []
        : await checkPages(targets, {
            cwd: inputs.cwd,
            browser,
            everyRecipient: check === 'strict' || options.everyRecipient !== false,
            timeoutMs: options.timeoutMs,
            onLayoutUnavailable: options.onLayoutUnavailable,
          }).catch((error: unknown) => {
            throw browserError(error);
          });
    options.signal?.throwIfAborted();
    const warnings = uniqueWarnings([...plan.warnings, ...site.warnings]);
    const result: RunResult = {
      plan,
      warnings,
      findings,
      singleFiles: site.singleFiles,
      printed: [],
      handouts: [],
      committed: false,
    };
    if (check === 'strict' && (warnings.length > 0 || findings.length > 0)) return result;
    if (print && browser) {
      const { printCuts } = await import('../export/export-plan.ts');
      const pdf: PdfOptions = {
        fragments: options.fragments,
        notes: options.pdfNotes,
        timeoutMs: options.timeoutMs,
      };
      await printCuts(
        await browser(),
        targets.filter((t) => t.page.pdfPath !== undefined || t.page.handoutPath !== undefined),
        async (printed) => {
          const { page } = printed;
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
          await staging.write(pdfPath, printed.pdf);
          const images: string[] = [];
          for (const [i, image] of printed.images.entries()) {
            const path = join(page.imageDir ?? page.dir, imageFileName(page, i + 1, page.imageFormat));
            await staging.write(path, image);
            images.push(path);
          }
          result.printed.push({
            page,
            pdfPath,
            pageCount: printed.pageCount,
            bytes: printed.pdf.byteLength,
            images,
          });
        },
        {
          ...pdf,
          handout: options.handout,
          imageScale: options.imageScale,
          onProgress: options.onPrintProgress,
        },
      ).catch((error: unknown) => {
        throw browserError(error);
      });
      // In the plan's order, not the order the tabs finished in.
      result.printed.sort((a, b) => plan.pages.indexOf(a.page) - plan.pages.indexOf(b.page));
      result.handouts.sort((a, b) => plan.pages.indexOf(a.page) - plan.pages.indexOf(b.page));
      // The cuts of a deck share their broken pictures: each once.
      result.warnings = uniqueWarnings(result.warnings);
    }
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
      handout: handout && { path: handout.path, pageCount: handout.pageCount, bytes: handout.bytes },
    };
  });
}

export type CheckOptions = Omit<
  RunOptions,
  | 'out'
  | 'pdf'
  | 'pdfPath'
  | 'handout'
  | 'images'
  | 'imageScale'
  | 'singleFile'
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
