import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { CHECK_RULES } from '../check/finding.ts';
import { DeckError, type EnvironmentError, formatWarning } from '../errors.ts';
import { paperForLocale } from '../export/handout-layout.ts';
import type { OutputFile, PlannedPage } from '../plan/build-plan.ts';
import { parseShard } from '../plan/shard.ts';
import type { RunOptions, RunResult } from '../run/build.ts';
import { optionOrigin } from './config-origins.ts';
import { type CliIo, collect, formatBytes, plural, printLines, relativeTo } from './print.ts';
import { progressBar } from './progress.ts';
import { reportError } from './report-error.ts';
import { interruptible } from './signals.ts';
import { styleFor } from './style.ts';

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
  css: string[];
  separator?: string;
  verticalSeparator?: string;
  templates?: string;
  notes: boolean;
  audience: string[];
  each?: string;
  nameBy?: string;
  shard?: string;
  pdf?: boolean;
  fragments?: boolean;
  pdfNotes?: boolean;
  images?: 'png' | 'jpeg';
  imageScale: string;
  timeout: string;
  singleFile?: boolean;
  pptx?: boolean;
  /** False with --no-check. */
  check: boolean;
  strict?: boolean;
  browserPath?: string;
  ignore: string[];
  watch?: boolean;
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
  css: string[];
  timeout: string;
  audience: string[];
  /** False with --no-check. */
  check: boolean;
  strict?: boolean;
  browserPath?: string;
  ignore: string[];
}

/**
 * `--ignore RULE`, repeatable: check rules not to report, checked before any work starts.
 *
 * @throws DeckError (usage) for a rule pitchdeck does not have.
 */
export function parseIgnore(rules: readonly string[]): string[] {
  for (const rule of rules) {
    if (!(CHECK_RULES as readonly string[]).includes(rule)) {
      throw usage(`--ignore ${rule}: no such rule`, `Rules: ${CHECK_RULES.join(', ')}.`);
    }
  }
  return [...rules];
}

interface PptxCliOptions {
  output?: string;
  out: string;
  notes: boolean;
  theme?: string;
  css: string[];
  timeout: string;
  audience: string[];
  browserPath?: string;
}

const OUT_HELP =
  'output folder, or one file by its extension: .pdf, .pptx, .html (a single file), .png (one per slide)';
const NOTES_HELP = 'speaker notes into the PDF (a page after each slide) and the PPTX';
const NO_NOTES_HELP = 'no speaker notes anywhere: not in the HTML, not in the PPTX';
export const THEME_HELP = 'theme for every deck, over its front matter: a name, or a .css file';
export const CSS_HELP = 'a stylesheet for every deck, after its own (repeatable; any path)';

/**
 * What `-o` names: a file of the kind its extension says (`talk.pdf`, `talk.pptx`, `talk.html`,
 * `talk.png`), or otherwise the output folder. The same in every command.
 */
export function outputTarget(out: string): { folder: string; file: OutputFile | undefined } {
  const extension = /\.(pdf|pptx|html|png|jpe?g)$/i.exec(out)?.[1]?.toLowerCase();
  if (extension === undefined) return { folder: out, file: undefined };
  // A file is made in a staging folder of the default output folder and only it is kept.
  if (extension === 'jpg' || extension === 'jpeg')
    return { folder: 'dist', file: { kind: 'png', path: out, imageFormat: 'jpeg' } };
  return { folder: 'dist', file: { kind: extension as OutputFile['kind'], path: out } };
}

/**
 * The run options for `-o` in a command that makes one kind of output: a folder (that output beside
 * each page), or a file of the kind its extension says.
 */
function fileOrFolder(out: string, made: 'pdf' | 'pptx'): Partial<RunOptions> {
  const { folder, file } = outputTarget(out);
  const kind = file?.kind ?? made;
  return {
    out: folder,
    outputFile: file,
    pdf: kind === 'pdf',
    images: kind === 'png' ? (file?.imageFormat ?? 'png') : undefined,
    pptx: kind === 'pptx',
    singleFile: kind === 'html',
  };
}

/** The longest a deck may take to become ready: a page that needs an hour is not loading. */
const MAX_TIMEOUT_S = 3600;

/** `pitchdeck build`, `pitchdeck pdf` and `pitchdeck pptx`: one run each, over the one build plan. */
export function addBuildCommands(program: Command, io: CommandIo): void {
  program
    // The deck is the default argument, as with Marp CLI and reveal-md: `pitchdeck talk.md` builds it.
    .command('build', { isDefault: true })
    .description('build decks into HTML (default: every deck in slides/ into dist/)')
    .argument('[paths...]', 'Markdown files or folders of them', ['slides'])
    .option('-o, --out <path>', OUT_HELP, 'dist')
    .addOption(new Option('--theme <name>', THEME_HELP))
    .option('--css <file>', CSS_HELP, collect, [])
    .option('--separator <regex>', 'horizontal slide separator (a regular expression)')
    .option('--vertical-separator <regex>', 'vertical slide separator (a regular expression)')
    .option(
      '--templates <dir>',
      'a folder of Handlebars templates over the built-in ones (and layouts of its own)',
    )
    .option('--notes', NOTES_HELP)
    .option('--no-notes', NO_NOTES_HELP)
    .option('--audience <name>', 'build only this audience (repeatable; default: all)', collect, [])
    .option('--each <file>', 'one cut per row of a CSV or JSON file, its columns as vars')
    .option('--name-by <column>', 'the --each column that names each folder')
    .option(
      '--shard <K/N>',
      'build only the K-th of N parts of the --each list (split a run across N machines)',
    )
    .option('--pdf', 'also export each deck to PDF')
    .option('--fragments', 'PDF: one page per fragment step')
    .addOption(new Option('--pdf-notes', 'the same as --notes').hideHelp())
    .addOption(new Option('--images <format>', 'also write one image per slide').choices(['png', 'jpeg']))
    .option('--image-scale <n>', 'images: pixels per slide pixel, 0.25 to 4', '1')
    .option('--timeout <seconds>', 'PDF and checks: how long a deck may take to become ready', '60')
    .option('--single-file', 'also write each deck as one self-contained HTML file (<deck>.html)')
    .option('--pptx', 'also export each deck to an editable PowerPoint file (<deck>.pptx)')
    .option('--no-check', 'do not check the slides (overflow, missing files, readability) before writing')
    .option('--strict', 'any warning or finding fails the build, and nothing is written')
    .option('--browser-path <file>', 'the Chrome or Chromium to use (default: found on this machine)')
    .option(
      '--ignore <rule>',
      'a check rule not to report (repeatable), as check: { ignore } does',
      collect,
      [],
    )
    .option(
      '-w, --watch',
      'build again on every save of a deck, a file it links or a template (Ctrl-C stops)',
    )
    .action(async (paths: string[], options: BuildCliOptions, command: Command) => {
      const { quiet } = command.optsWithGlobals<GlobalOptions>();
      checkStrict(options);
      const timeoutMs = parseTimeout(options.timeout);
      const target = outputTarget(options.out);
      const print =
        options.pdf === true ||
        options.images !== undefined ||
        target.file?.kind === 'pdf' ||
        target.file?.kind === 'png';
      const pptx = options.pptx === true || target.file?.kind === 'pptx';
      const runOptions: RunOptions = {
        out: target.folder,
        outputFile: target.file,
        theme: options.theme,
        css: options.css,
        separator: options.separator,
        verticalSeparator: options.verticalSeparator,
        templates: options.templates,
        notes: options.notes,
        audiences: options.audience,
        each: options.each,
        nameBy: options.nameBy,
        shard: options.shard === undefined ? undefined : parseShard(options.shard),
        // Images are captured as the PDF is printed; the PDF is kept only when asked for.
        pdf: options.pdf === true || target.file?.kind === 'pdf',
        images:
          options.images ?? (target.file?.kind === 'png' ? (target.file.imageFormat ?? 'png') : undefined),
        imageScale: parseImageScale(options.imageScale),
        singleFile: options.singleFile === true || target.file?.kind === 'html',
        pptx,
        // --no-notes keeps speaker notes out of the PowerPoint file too; --notes adds notes pages to the PDF.
        pptxNotes: options.notes !== false,
        fragments: options.fragments,
        pdfNotes: options.notes === true || options.pdfNotes === true,
        timeoutMs,
        ignore: parseIgnore(options.ignore),
        ...checkOptions(io, options),
      };
      const how = {
        quiet: quiet === true,
        install: print || pptx,
        browserPath: options.browserPath,
        command,
      };
      if (options.watch) {
        await watch(io, paths, runOptions, how, options.strict === true);
        return;
      }
      const result = await run(io, paths, runOptions, how);
      await report(io, result, { quiet: quiet === true, strict: options.strict === true });
    });

  program
    .command('pdf')
    .description('export a deck to PDF (default: dist/<deck>/<deck>.pdf)')
    .argument('<file>', 'the Markdown deck')
    .option('-o, --out <path>', OUT_HELP, 'dist')
    .option('--fragments', 'one page per fragment step')
    .option('--notes', 'speaker notes into the PDF (a page after each slide, or beside it in a handout)')
    .option('--no-notes', NO_NOTES_HELP)
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
    .addOption(new Option('--theme <name>', THEME_HELP))
    .option('--css <file>', CSS_HELP, collect, [])
    .option('--timeout <seconds>', 'how long a deck may take to become ready to print', '60')
    .option('--audience <name>', 'print only this audience (repeatable; default: all)', collect, [])
    .option('--no-check', 'do not check the slides (overflow, missing files, readability) before printing')
    .option('--strict', 'any warning or finding fails, and nothing is written')
    .option('--browser-path <file>', 'the Chrome or Chromium to use (default: found on this machine)')
    .option(
      '--ignore <rule>',
      'a check rule not to report (repeatable), as check: { ignore } does',
      collect,
      [],
    )
    .action(async (file: string, options: PdfCliOptions, command: Command) => {
      const { quiet } = command.optsWithGlobals<GlobalOptions>();
      checkStrict(options);
      const timeoutMs = parseTimeout(options.timeout);
      const handout = handoutOptions(options);
      const printed = fileOrFolder(options.out, 'pdf');
      const result = await run(
        io,
        [file],
        {
          ...printed,
          theme: options.theme,
          css: options.css,
          audiences: options.audience,
          // A handout instead of the slides PDF; `-o talk.pdf` then names the handout.
          pdf: printed.pdf === true && handout === undefined,
          handout,
          images: options.images ?? printed.images,
          imageScale: parseImageScale(options.imageScale),
          fragments: options.fragments,
          notes: options.notes,
          pdfNotes: options.notes === true,
          pptxNotes: options.notes !== false,
          timeoutMs,
          ignore: parseIgnore(options.ignore),
          ...checkOptions(io, options, { printing: true }),
        },
        { quiet: quiet === true, install: true, browserPath: options.browserPath, command },
      );
      await report(io, result, { quiet: quiet === true, strict: options.strict === true });
    });

  program
    .command('pptx')
    .description('export a deck to an editable PowerPoint file (default: dist/<deck>/<deck>.pptx)')
    .argument('<file>', 'the Markdown deck')
    .option('-o, --out <path>', OUT_HELP, 'dist')
    .option('--notes', NOTES_HELP)
    .option('--no-notes', NO_NOTES_HELP)
    .addOption(new Option('--theme <name>', THEME_HELP))
    .option('--css <file>', CSS_HELP, collect, [])
    .option('--timeout <seconds>', 'how long a deck may take to become ready', '60')
    .option('--audience <name>', 'export only this audience (repeatable; default: all)', collect, [])
    .option('--browser-path <file>', 'the Chrome or Chromium to use (default: found on this machine)')
    .action(async (file: string, options: PptxCliOptions, command: Command) => {
      const { quiet } = command.optsWithGlobals<GlobalOptions>();
      const timeoutMs = parseTimeout(options.timeout);
      const result = await run(
        io,
        [file],
        {
          ...fileOrFolder(options.out, 'pptx'),
          theme: options.theme,
          css: options.css,
          audiences: options.audience,
          notes: options.notes,
          pdfNotes: options.notes === true,
          pptxNotes: options.notes !== false,
          timeoutMs,
          check: 'off',
        },
        { quiet: quiet === true, install: true, browserPath: options.browserPath, command },
      );
      await report(io, result, { quiet: quiet === true, strict: false });
    });
}

/** How a command runs: its output, whether it may install a browser, and the browser it was given. */
interface RunHow {
  quiet: boolean;
  install: boolean;
  browserPath: string | undefined;
  /** The command, to tell a `--browser-path` flag from a config file's `browserPath`. */
  command: Command;
}

function browserOptions(how: RunHow) {
  return {
    install: how.install,
    browserPath: how.browserPath,
    browserPathFrom: optionOrigin(how.command, 'browserPath', '--browser-path'),
  };
}

/**
 * One run with the CLI around it: the browser launched on first use (only checks and PDFs need one)
 * and closed on every path, Ctrl-C and SIGTERM included.
 */
async function run(
  io: CommandIo,
  paths: readonly string[],
  options: RunOptions,
  how: RunHow,
): Promise<RunResult> {
  await preflight(io.cwd, options);
  const { lazyBrowser } = await import('../browser/session.ts');
  const log = (line: string) => io.stderr.write(`${line}\n`);
  // Checks alone never download or install a browser; a PDF needs one and may.
  const lazy = lazyBrowser({ log, ...browserOptions(how), oneRun: true });
  // A run that will need the browser starts it before reading and planning, so that its launch overlaps
  // them; one writing a single named file only when it certainly has the one cut that allows, and one
  // naming --audience only when each deck certainly declares it (else the plan checks that first, and a
  // refused run starts no browser).
  const needed =
    options.pdf === true || Boolean(options.images) || options.pptx === true || options.check !== 'off';
  const { certainlyKnownAudiences, certainlyOneCut } = await import('../read/read-inputs.ts');
  if (
    needed &&
    (options.outputFile === undefined || (await certainlyOneCut(paths, io.cwd, options))) &&
    (await certainlyKnownAudiences(paths, io.cwd, options))
  ) {
    lazy.browser().catch(() => {});
  }
  const progress = progressBar(io, !how.quiet);
  try {
    const { runBuild } = await import('../run/build.ts');
    return await interruptible(
      (signal) =>
        runBuild(paths, {
          ...options,
          cwd: io.cwd,
          index: true,
          session: lazy,
          signal,
          log,
          onProgress: (event) => {
            if (event.type === 'start') progress.start(event.stage, event.slides);
            else progress.advance(event.slides, event.label);
          },
        }),
      () => lazy.close(),
    );
  } finally {
    progress.stop();
    await lazy.close();
  }
}

/**
 * Message lines grouped by deck, in the order the decks were built, each deck's in the order they came;
 * lines of no deck (a stylesheet's, a flag's) first.
 */
function byDeck(result: RunResult, lines: readonly string[]): string[] {
  const decks = [...new Set(result.plan.pages.map((p) => p.deck.path))];
  const rank = (line: string) => decks.findIndex((file) => line.startsWith(`${file}:`));
  return lines
    .map((line, index) => ({ line, index, rank: rank(line) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.line);
}

/**
 * The flags that name files, checked before a browser is started or anything is read: a run that is
 * refused starts nothing.
 */
async function preflight(cwd: string, options: RunOptions): Promise<void> {
  const [{ checkRecipientFlags }, { checkUserStylesheets }, { checkTemplatesFolder }] = await Promise.all([
    import('../read/read-build-inputs.ts'),
    import('../read/user-stylesheets.ts'),
    import('../read/templates-folder.ts'),
  ]);
  checkRecipientFlags(options);
  checkUserStylesheets(options.css ?? [], options.theme, cwd);
  if (options.templates !== undefined) checkTemplatesFolder(resolve(cwd, options.templates), cwd);
}

/**
 * `build --watch`: every run over one browser kept up between runs (a PDF after a save costs no launch);
 * a run that fails is printed, and the next save builds again.
 */
async function watch(
  io: CommandIo,
  paths: readonly string[],
  options: RunOptions,
  how: RunHow,
  strict: boolean,
): Promise<void> {
  const [{ lazyBrowser }, { runBuild }, { watchBuild }] = await Promise.all([
    import('../browser/session.ts'),
    import('../run/build.ts'),
    import('./watch.ts'),
  ]);
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const session = lazyBrowser({ log, ...browserOptions(how) });
  // A run's failure is printed; it does not make the watch fail.
  const quietIo: CommandIo = { ...io, setExit: () => {} };
  await watchBuild(
    io,
    paths,
    { templates: options.templates, each: options.each, out: options.out ?? 'dist' },
    {
      session,
      run: (signal) => runBuild(paths, { ...options, cwd: io.cwd, index: true, session, signal, log }),
      report: (result) => report(quietIo, result, { quiet: how.quiet, strict }),
      fail: (error) => {
        reportError(error, io, false);
      },
    },
  );
}

/**
 * Prints what a run did: its warnings and findings (stderr), each page, single file and PDF (stdout), and
 * a summary line. With `-q` only errors are printed.
 */
async function report(
  io: CommandIo,
  result: RunResult,
  how: { quiet: boolean; strict: boolean },
): Promise<void> {
  const { formatFindings, summarize } = await import('../check/finding.ts');
  if (!result.committed) {
    // With --strict, the warnings and findings are why nothing was written: printed even with -q.
    printLines(
      io,
      byDeck(result, [...result.warnings.map(formatWarning), ...formatFindings(result.findings)]),
    );
    printLines(io, [
      `error: ${summarize(result.findings, result.warnings.length)} (--strict): nothing was written`,
      '  Fix them, or build without --strict to write the decks anyway.',
    ]);
    io.setExit(1);
    return;
  }
  if (how.quiet) return;
  // The missing files were printed with the build's own warnings, and so were the pictures the PDF
  // shows broken.
  const printed = new Set(result.warnings.map(formatWarning));
  const findings = formatFindings(
    result.findings.filter(
      (f) =>
        f.rule !== 'missing-asset' &&
        !printed.has(formatWarning({ file: f.file, line: f.line, code: f.rule, message: f.message })),
    ),
    { severity: 'warning' },
  ).filter((line) => !printed.has(line));
  printLines(io, byDeck(result, [...printed, ...findings]));
  const cwd = io.cwd;
  for (const page of result.plan.pages) {
    if (result.keptSite) {
      io.stdout.write(
        `built ${relativeTo(cwd, page.htmlPath)} (${cutLabel(page)}${plural(page.deck.slides.length, 'slide')})\n`,
      );
    }
    const single = result.singleFiles.get(page);
    if (single) {
      io.stdout.write(`wrote ${relativeTo(cwd, single.path)} (single file, ${formatBytes(single.bytes)})\n`);
    }
  }
  if (result.plan.index && result.keptSite) {
    io.stdout.write(`built ${relativeTo(cwd, result.plan.index.path)} (index)\n`);
  }
  for (const pdf of result.printed) {
    const size = `${(pdf.bytes / 1024).toFixed(0)} KB`;
    if (pdf.kept) {
      io.stdout.write(`wrote ${relativeTo(cwd, pdf.pdfPath)} (${plural(pdf.pageCount, 'page')}, ${size})\n`);
    }
    if (pdf.images.length > 0) {
      io.stdout.write(
        `wrote ${pdf.images.length} images in ${relativeTo(cwd, dirname(pdf.images[0] ?? ''))}\n`,
      );
    }
  }
  for (const handout of result.handouts) {
    const size = `${(handout.bytes / 1024).toFixed(0)} KB`;
    io.stdout.write(
      `wrote ${relativeTo(cwd, handout.path)} (handout, ${plural(handout.pageCount, 'page')}, ${size})\n`,
    );
  }
  for (const pptx of result.pptx) {
    const size = `${(pptx.bytes / 1024).toFixed(0)} KB`;
    io.stdout.write(`wrote ${relativeTo(cwd, pptx.path)} (${plural(pptx.slideCount, 'slide')}, ${size})\n`);
  }
  const decks = new Set(result.plan.pages.map((p) => p.deck.path)).size;
  const parts = [plural(decks, 'deck'), plural(result.plan.pages.length, 'cut')];
  const pdfs = result.printed.filter((p) => p.kept).length;
  if (pdfs > 0) parts.push(plural(pdfs, 'PDF'));
  if (result.handouts.length > 0) parts.push(plural(result.handouts.length, 'handout'));
  if (result.pptx.length > 0) parts.push(plural(result.pptx.length, 'PPTX file'));
  parts.push(plural(result.warnings.length + findings.length, 'warning'));
  io.stdout.write(`${styleFor(io.stdout).dim(`done: ${parts.join(', ')}`)}\n`);
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
 * `--timeout` in seconds, checked before any work starts: from one second up to an hour.
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
  // Below a second a deck never loads; and 0 ms would mean "no time limit at all" to Puppeteer.
  if (seconds < 1) {
    throw usage(
      `--timeout ${text}: at least 1 second`,
      'Give the seconds a deck may take, e.g. --timeout 60.',
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
