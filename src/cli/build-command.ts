import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { DeckError, type EnvironmentError, formatWarning } from '../errors.ts';
import { paperForLocale } from '../export/handout-layout.ts';
import type { PlannedPage } from '../plan/build-plan.ts';
import type { RunOptions, RunResult } from '../run/build.ts';
import { type CliIo, collect, formatBytes, plural, printWarnings, relativeTo } from './print.ts';
import { interruptible } from './signals.ts';

/** What the build and pdf commands need from the CLI: where to print, and how to fail quietly. */
export interface CommandIo extends CliIo {
  /** Raises the process's exit code (findings are not an exception: everything is printed first). */
  setExit(code: number): void;
}

interface GlobalOptions {
  quiet?: boolean;
}

interface BuildCliOptions {
  out: string;
  theme?: string;
  separator?: string;
  verticalSeparator?: string;
  templates?: string;
  notes: boolean;
  audience: string[];
  each?: string;
  nameBy?: string;
  pdf?: boolean;
  fragments?: boolean;
  pdfNotes?: boolean;
  images?: 'png' | 'jpeg';
  imageScale: string;
  timeout: string;
  singleFile?: boolean;
  /** False with --no-check. */
  check: boolean;
  strict?: boolean;
}

interface PdfCliOptions {
  output?: string;
  handout?: string;
  paper?: 'a4' | 'letter';
  out: string;
  fragments?: boolean;
  notes?: boolean;
  images?: 'png' | 'jpeg';
  imageScale: string;
  theme?: string;
  timeout: string;
  audience: string[];
  /** False with --no-check. */
  check: boolean;
  strict?: boolean;
}

/** The longest a deck may take to become ready: a page that needs an hour is not loading. */
const MAX_TIMEOUT_S = 3600;

/** `pitchdeck build` and `pitchdeck pdf`: one run each, over the one build plan. */
export function addBuildCommands(program: Command, io: CommandIo): void {
  program
    .command('build')
    .description('build decks into HTML (default: every deck in slides/ into dist/)')
    .argument('[paths...]', 'Markdown files or folders of them', ['slides'])
    .option('-o, --out <dir>', 'output folder', 'dist')
    .addOption(new Option('--theme <name>', 'theme for every deck, over its front matter'))
    .option('--separator <regex>', 'horizontal slide separator (a regular expression)')
    .option('--vertical-separator <regex>', 'vertical slide separator (a regular expression)')
    .option('--templates <dir>', 'a folder of Handlebars templates to use instead of the built-in ones')
    .option('--no-notes', 'leave speaker notes out of the HTML')
    .option('--audience <name>', 'build only this audience (repeatable; default: all)', collect, [])
    .option('--each <file>', 'one cut per row of a CSV or JSON file, its columns as vars')
    .option('--name-by <column>', 'the --each column that names each folder')
    .option('--pdf', 'also export each deck to PDF')
    .option('--fragments', 'PDF: one page per fragment step')
    .option('--pdf-notes', 'PDF: speaker notes on a page after each slide')
    .addOption(new Option('--images <format>', 'also write one image per slide').choices(['png', 'jpeg']))
    .option('--image-scale <n>', 'images: pixels per slide pixel, 0.25 to 4', '1')
    .option('--timeout <seconds>', 'PDF and checks: how long a deck may take to become ready', '60')
    .option('--single-file', 'also write each deck as one self-contained HTML file (<deck>.html)')
    .option('--no-check', 'do not check the slides (overflow, missing files, readability) before writing')
    .option('--strict', 'any warning or finding fails the build, and nothing is written')
    .action(async (paths: string[], options: BuildCliOptions, command: Command) => {
      const { quiet } = command.optsWithGlobals<GlobalOptions>();
      checkStrict(options);
      const timeoutMs = parseTimeout(options.timeout);
      const print = options.pdf === true || options.images !== undefined;
      const result = await run(
        io,
        paths,
        {
          out: options.out,
          theme: options.theme,
          separator: options.separator,
          verticalSeparator: options.verticalSeparator,
          templates: options.templates,
          notes: options.notes,
          audiences: options.audience,
          each: options.each,
          nameBy: options.nameBy,
          pdf: print,
          images: options.images,
          imageScale: parseImageScale(options.imageScale),
          singleFile: options.singleFile,
          fragments: options.fragments,
          pdfNotes: options.pdfNotes,
          timeoutMs,
          ...checkOptions(io, options),
        },
        { quiet: quiet === true, install: print },
      );
      await report(io, result, { quiet: quiet === true, strict: options.strict === true });
    });

  program
    .command('pdf')
    .description('export a deck to PDF (default: dist/<deck>/<deck>.pdf)')
    .argument('<file>', 'the Markdown deck')
    .option('-o, --output <file>', 'where to write the PDF')
    .option('--out <dir>', 'folder for the HTML the PDF is printed from', 'dist')
    .option('--fragments', 'one page per fragment step')
    .option('--notes', 'speaker notes on a page after each slide (beside it in a handout)')
    .addOption(
      new Option('--handout <n>', 'a handout instead: n slides to a portrait page').choices([
        '1',
        '2',
        '3',
        '4',
        '6',
      ]),
    )
    .addOption(
      new Option('--paper <size>', 'handout paper (default: from the locale, A4 or Letter)').choices([
        'a4',
        'letter',
      ]),
    )
    .addOption(new Option('--images <format>', 'also write one image per slide').choices(['png', 'jpeg']))
    .option('--image-scale <n>', 'images: pixels per slide pixel, 0.25 to 4', '1')
    .addOption(new Option('--theme <name>', 'theme, over the front matter'))
    .option('--timeout <seconds>', 'how long a deck may take to become ready to print', '60')
    .option('--audience <name>', 'print only this audience (repeatable; default: all)', collect, [])
    .option('--no-check', 'do not check the slides (overflow, missing files, readability) before printing')
    .option('--strict', 'any warning or finding fails, and nothing is written')
    .action(async (file: string, options: PdfCliOptions, command: Command) => {
      const { quiet } = command.optsWithGlobals<GlobalOptions>();
      checkStrict(options);
      const timeoutMs = parseTimeout(options.timeout);
      const handout = handoutOptions(options);
      const result = await run(
        io,
        [file],
        {
          out: options.out,
          theme: options.theme,
          audiences: options.audience,
          pdf: handout === undefined,
          handout,
          pdfPath: options.output,
          images: options.images,
          imageScale: parseImageScale(options.imageScale),
          fragments: options.fragments,
          pdfNotes: options.notes,
          timeoutMs,
          ...checkOptions(io, options, { printing: true }),
        },
        { quiet: quiet === true, install: true },
      );
      await report(io, result, { quiet: quiet === true, strict: options.strict === true });
    });
}

/**
 * One run with the CLI around it: the browser launched on first use (only checks and PDFs need one)
 * and closed on every path, Ctrl-C and SIGTERM included.
 */
async function run(
  io: CommandIo,
  paths: readonly string[],
  options: RunOptions,
  how: { quiet: boolean; install: boolean },
): Promise<RunResult> {
  const [{ runBuild }, { lazyBrowser }] = await Promise.all([
    import('../run/build.ts'),
    import('../browser/session.ts'),
  ]);
  const log = (line: string) => io.stderr.write(`${line}\n`);
  // Checks alone never download or install a browser; a PDF needs one and may.
  const lazy = lazyBrowser({ log, install: how.install });
  const progress = !how.quiet && io.stderr.isTTY === true;
  try {
    return await interruptible(
      (signal) =>
        runBuild(paths, {
          ...options,
          cwd: io.cwd,
          index: true,
          session: lazy,
          signal,
          log,
          onPrintProgress: progress
            ? ({ index, total, page, done }) =>
                io.stderr.write(
                  `\r\x1b[KPDF ${index + 1}/${total} ${page.deck.name}${done ? ' done' : '...'}`,
                )
            : undefined,
        }),
      () => lazy.close(),
    );
  } finally {
    if (progress) io.stderr.write('\r\x1b[K');
    await lazy.close();
  }
}

/** Prints what a run did: its warnings, then each page, single file, finding and PDF. */
async function report(
  io: CommandIo,
  result: RunResult,
  how: { quiet: boolean; strict: boolean },
): Promise<void> {
  const { formatFindings, summarize } = await import('../check/finding.ts');
  printWarnings(io, result.warnings);
  if (!result.committed) {
    const findings = formatFindings(result.findings);
    for (const line of findings) io.stderr.write(`${line}\n`);
    io.stderr.write(
      `error: ${summarize(result.findings, result.warnings.length)} (--strict): nothing was written\n  Fix them, or build without --strict to write the decks anyway.\n`,
    );
    io.setExit(1);
    return;
  }
  const cwd = io.cwd;
  if (!how.quiet) {
    for (const page of result.plan.pages) {
      io.stdout.write(
        `built ${relativeTo(cwd, page.htmlPath)} (${cutLabel(page)}${plural(page.deck.slides.length, 'slide')})\n`,
      );
      const single = result.singleFiles.get(page);
      if (single)
        io.stdout.write(
          `wrote ${relativeTo(cwd, single.path)} (single file, ${formatBytes(single.bytes)})\n`,
        );
    }
    if (result.plan.index) io.stdout.write(`built ${relativeTo(cwd, result.plan.index.path)} (index)\n`);
  }
  // The missing files were printed with the build's own warnings, and so were the pictures the PDF
  // shows broken.
  const printed = new Set(result.warnings.map(formatWarning));
  const shown = result.findings.filter(
    (f) =>
      f.rule !== 'missing-asset' &&
      !printed.has(formatWarning({ file: f.file, line: f.line, code: f.rule, message: f.message })),
  );
  for (const line of formatFindings(shown, { severity: 'warning' })) io.stderr.write(`${line}\n`);
  if (how.quiet) return;
  for (const handout of result.handouts) {
    io.stdout.write(
      `wrote ${relativeTo(cwd, handout.path)} (handout, ${plural(handout.pageCount, 'page')}, ${(handout.bytes / 1024).toFixed(0)} KB)\n`,
    );
  }
  for (const pdf of result.printed) {
    const size = `${(pdf.bytes / 1024).toFixed(0)} KB`;
    io.stdout.write(`wrote ${relativeTo(cwd, pdf.pdfPath)} (${plural(pdf.pageCount, 'page')}, ${size})\n`);
    if (pdf.images.length > 0) {
      io.stdout.write(
        `wrote ${pdf.images.length} images in ${relativeTo(cwd, dirname(pdf.images[0] ?? ''))}\n`,
      );
    }
  }
}

/** `--handout N` and its paper: A4 or Letter from `--paper`, else the locale's. */
function handoutOptions(options: PdfCliOptions): RunOptions['handout'] {
  if (options.handout === undefined) {
    if (options.paper !== undefined)
      throw usage('--paper is the handout’s paper; it needs --handout', 'Add --handout 3, say.');
    return undefined;
  }
  if (options.fragments) {
    throw usage(
      '--handout shows each slide once, in its final state; not with --fragments',
      'Drop one of the two.',
    );
  }
  const env = process.env;
  return {
    perPage: Number(options.handout) as 1 | 2 | 3 | 4 | 6,
    paper: options.paper ?? paperForLocale(env.LC_ALL || env.LC_PAPER || env.LANG),
  };
}

/** `--strict` and `--no-check` contradict each other. */
function checkStrict(options: { check: boolean; strict?: boolean | undefined }): void {
  if (options.strict && !options.check) {
    throw usage(
      '--strict fails the build on what the checks find; not with --no-check',
      'Drop one of the two.',
    );
  }
}

/** What `--no-check` and `--strict` ask of a run, the same for `build` and `pdf`. */
function checkOptions(
  io: CommandIo,
  options: { check: boolean; strict?: boolean | undefined },
  how: { printing?: boolean } = {},
): Pick<RunOptions, 'check' | 'everyRecipient' | 'onLayoutUnavailable'> {
  return {
    check: !options.check ? 'off' : options.strict ? 'strict' : 'report',
    everyRecipient: options.strict === true,
    // --strict promises every slide was laid out, and a PDF needs the browser anyway: without one it
    // fails (exit 2), with no warning first.
    onLayoutUnavailable:
      options.strict || how.printing
        ? undefined
        : (error: EnvironmentError) =>
            io.stderr.write(`warning: slides not checked for overflow and readability: ${error.format()}\n`),
  };
}

/**
 * `--timeout` in seconds, checked before any work starts: a positive number up to an hour.
 *
 * @throws DeckError (usage) for anything else.
 */
export function parseTimeout(text: string): number {
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw usage(
      `--timeout: "${text}" is not a number of seconds`,
      'Give a positive number, e.g. --timeout 120.',
    );
  }
  if (seconds > MAX_TIMEOUT_S) {
    throw usage(
      `--timeout ${text}: at most ${MAX_TIMEOUT_S} seconds`,
      'A deck that needs longer is not loading; look for a file that never arrives.',
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * `--image-scale`: how many device pixels per CSS pixel the slide images have, from 0.25 (thumbnails) to 4.
 *
 * @throws DeckError (usage) for anything else.
 */
export function parseImageScale(text: string): number {
  const scale = Number(text);
  if (text.trim() === '' || !Number.isFinite(scale) || scale < 0.25 || scale > 4) {
    throw usage(
      `--image-scale: "${text}" is not a scale from 0.25 to 4`,
      "Give a number such as 2 for images twice the deck's size, or 0.5 for thumbnails.",
    );
  }
  return scale;
}

function usage(message: string, hint: string): DeckError {
  return new DeckError(message, { file: '', line: 0, code: 'usage', hint });
}

/** `founders, `, `founders for Ann Lee, ` or nothing for a deck without audiences. */
function cutLabel(page: PlannedPage): string {
  if (page.recipient) return `${page.audience ? `${page.audience} ` : ''}for ${page.recipient.name}, `;
  return page.audience ? `${page.audience}, ` : '';
}
