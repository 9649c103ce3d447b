import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { BrowserSession } from '../browser/session.ts';
import { DeckError, EnvironmentError, formatWarning, type Warning } from '../errors.ts';
import { addCheckCommand, checkAfterBuild, checkBeforeBuild } from './check-command.ts';
import type { ServeCliOptions } from './serve-command.ts';

/** Where the CLI reads and writes: the real process by default, buffers in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean | undefined };
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
  cwd: string;
}

export const EXIT = { ok: 0, deck: 1, environment: 2 } as const;

interface GlobalOptions {
  quiet?: boolean;
  debug?: boolean;
}

/**
 * Runs the command line and resolves to the exit code: 0 success, 1 a problem in the deck, config,
 * template or flags, 2 the environment. All printing happens here; errors are caught in this one place.
 */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  let debug = argv.includes('--debug');
  // Commands that print their own findings (check, build --strict) fail through this, not by throwing.
  let exitCode: number = EXIT.ok;
  try {
    const program = createProgram(
      io,
      (options) => {
        debug = options.debug === true;
      },
      (code) => {
        exitCode = Math.max(exitCode, code);
      },
    );
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return report(error, io, debug);
  }
}

function createProgram(
  io: CliIo,
  onOptions: (options: GlobalOptions) => void,
  setExit: (code: number) => void,
): Command {
  const program = new Command('pitchdeck')
    .description('Markdown to reveal.js decks: present in the browser, export to PDF, cut per audience.')
    .version(readVersion(), '-v, --version')
    .option('-q, --quiet', 'print nothing but warnings and errors')
    .option('--debug', 'print stack traces with errors')
    .showHelpAfterError('(run "pitchdeck --help" for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  program.hook('preAction', (_, command) => onOptions(command.optsWithGlobals<GlobalOptions>()));

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
    .addOption(new Option('--images <format>', 'also write one image per slide').choices(['png']))
    .option('--single-file', 'also write each deck as one self-contained HTML file (<deck>.html)')
    .option('--no-check', 'do not check the slides (overflow, missing files, readability) after building')
    .option('--strict', 'check every cut first; any finding fails the build and nothing is written')
    .action((paths: string[], options: BuildCliOptions, command: Command) =>
      withBrowser(
        io,
        needsBrowser(options),
        async (session) => {
          const { quiet } = command.optsWithGlobals<GlobalOptions>();
          const { buildDecks } = await import('../io/build.ts');
          const buildOptions = {
            out: options.out,
            cwd: io.cwd,
            theme: options.theme,
            separator: options.separator,
            verticalSeparator: options.verticalSeparator,
            templates: options.templates,
            notes: options.notes,
            audiences: options.audience,
            each: options.each,
            nameBy: options.nameBy,
            // --images exports the PDF too; either way the index links it.
            pdf: options.pdf === true || options.images !== undefined,
            singleFile: options.singleFile,
          };
          const checkIo = { ...io, setExit };
          if (options.strict && !options.check) {
            throw new DeckError('--strict fails the build on what the checks find; not with --no-check', {
              file: '',
              line: 0,
              code: 'usage',
              hint: 'Drop one of the two.',
            });
          }
          const strict = options.check && options.strict === true;
          if (strict && !(await checkBeforeBuild(checkIo, paths, buildOptions, session))) return;
          const built = await buildDecks(paths, buildOptions);
          // The cuts of one deck share its warnings (an unclosed fence, a missing image): print each once.
          const printed = new Set<string>();
          for (const result of built) {
            const fresh = result.warnings.filter((w) => !printed.has(formatWarning(w)));
            for (const warning of fresh) printed.add(formatWarning(warning));
            printWarnings(io, fresh);
            if (!quiet) {
              const where = relativeTo(io.cwd, result.htmlPath);
              io.stdout.write(
                `built ${where} (${cutLabel(result)}${plural(result.deck.slides.length, 'slide')})\n`,
              );
              if (result.singleFile) {
                const { path, bytes } = result.singleFile;
                io.stdout.write(`wrote ${relativeTo(io.cwd, path)} (single file, ${formatBytes(bytes)})\n`);
              }
            }
          }
          if (!quiet && built.length > 0) {
            io.stdout.write(
              `built ${relativeTo(io.cwd, resolve(io.cwd, options.out, 'index.html'))} (index)\n`,
            );
          }
          if (options.check && !options.strict) await checkAfterBuild(checkIo, built, session);
          if (options.pdf || options.images) {
            await exportBuilt(io, built, {
              fragments: options.fragments,
              notes: options.pdfNotes,
              images: options.images === 'png',
              quiet,
              session,
            });
          }
        },
        // Checks alone never download or install a browser; a PDF needs one and may.
        options.pdf === true || options.images !== undefined,
      ),
    );

  addCheckCommand(program, { ...io, setExit });

  program
    .command('pdf')
    .description('export a deck to PDF (default: dist/<deck>/<deck>.pdf)')
    .argument('<file>', 'the Markdown deck')
    .option('-o, --output <file>', 'where to write the PDF')
    .option('--out <dir>', 'folder for the HTML the PDF is printed from', 'dist')
    .option('--fragments', 'one page per fragment step')
    .option('--notes', 'speaker notes on a page after each slide')
    .addOption(new Option('--images <format>', 'also write one image per slide').choices(['png']))
    .addOption(new Option('--theme <name>', 'theme, over the front matter'))
    .option('--timeout <seconds>', 'how long a deck may take to become ready to print', '60')
    .option('--audience <name>', 'print only this audience (repeatable; default: all)', collect, [])
    .action((file: string, options: PdfCliOptions, command: Command) =>
      withBrowser(io, true, async (session) => {
        const { quiet } = command.optsWithGlobals<GlobalOptions>();
        const { buildDecks } = await import('../io/build.ts');
        const built = await buildDecks([file], {
          out: options.out,
          cwd: io.cwd,
          theme: options.theme,
          audiences: options.audience,
          // The index links the PDF when it goes beside the page (not with -o elsewhere).
          pdf: options.output === undefined,
        });
        for (const result of built) printWarnings(io, result.warnings);
        const output = options.output;
        const seconds = Number(options.timeout);
        if (!(seconds > 0)) {
          throw new DeckError(`--timeout: "${options.timeout}" is not a number of seconds`, {
            file: '',
            line: 0,
            code: 'usage',
            hint: 'Give a positive number, e.g. --timeout 120.',
          });
        }
        if (output !== undefined && built.length !== 1) {
          throw new DeckError(`-o names one PDF, but ${file} has ${built.length} cuts`, {
            file: '',
            line: 0,
            code: 'usage',
            hint: 'Print one with --audience NAME, or leave out -o to write each cut beside its page.',
          });
        }
        await exportBuilt(io, built, {
          fragments: options.fragments,
          notes: options.notes,
          images: options.images === 'png',
          quiet,
          timeoutMs: seconds * 1000,
          pdfPath: output && built.length === 1 ? () => resolve(io.cwd, output) : undefined,
          session,
        });
      }),
    );

  program
    .command('serve')
    .description('present a deck over HTTP, rebuilt and reloaded in the page as you save')
    .argument('<file>', 'the Markdown deck')
    .option('-p, --port <number>', 'port to listen on (0: any free port)', '1948')
    .option('--host <address>', 'address to listen on (0.0.0.0: every network)', '127.0.0.1')
    .option('--audience <name>', 'the audience to present (default: the first the deck declares)')
    .option('--open', 'open the deck in the system browser')
    .addOption(new Option('--theme <name>', 'theme, over the front matter'))
    .option('--templates <dir>', 'a folder of Handlebars templates to use instead of the built-in ones')
    .option('--separator <regex>', 'horizontal slide separator (a regular expression)')
    .option('--vertical-separator <regex>', 'vertical slide separator (a regular expression)')
    .action(async (file: string, options: ServeCliOptions, command: Command) => {
      const { quiet } = command.optsWithGlobals<GlobalOptions>();
      const { runServe } = await import('./serve-command.ts');
      await runServe(io, file, { ...options, quiet: quiet === true });
    });
  return program;
}

interface PdfCliOptions {
  output?: string;
  out: string;
  fragments?: boolean;
  notes?: boolean;
  images?: string;
  theme?: string;
  timeout: string;
  audience: string[];
}

/**
 * Runs a command with Chromium launching in the background when it will need one, so the launch overlaps
 * the HTML build; the browser is closed on every path, errors included.
 */
async function withBrowser(
  io: CliIo,
  wanted: boolean,
  run: (session: BrowserSession | undefined) => Promise<void>,
  install = true,
): Promise<void> {
  if (!wanted) return run(undefined);
  const { startBrowser } = await import('../browser/session.ts');
  const session = startBrowser({ log: (line) => io.stderr.write(`${line}\n`), install });
  // Loaded while Chromium starts, not before: its PDF library alone takes ~0.2 s to import.
  import('../io/export-pdfs.ts').catch(() => {});
  try {
    await run(session);
  } finally {
    await session.close();
  }
}

/** Exports built decks with one browser, with a progress line on a terminal. */
async function exportBuilt(
  io: CliIo,
  built: Awaited<ReturnType<typeof import('../io/build.ts').buildDecks>>,
  options: {
    fragments?: boolean | undefined;
    notes?: boolean | undefined;
    images?: boolean | undefined;
    quiet?: boolean | undefined;
    timeoutMs?: number | undefined;
    session?: BrowserSession | undefined;
    pdfPath?: ((b: (typeof built)[number]) => string) | undefined;
  },
): Promise<void> {
  const { exportPdfs } = await import('../io/export-pdfs.ts');
  const progress = !options.quiet && io.stderr.isTTY === true;
  const exported = await exportPdfs(built, {
    fragments: options.fragments,
    notes: options.notes,
    images: options.images,
    timeoutMs: options.timeoutMs,
    session: options.session,
    pdfPath: options.pdfPath,
    log: (line) => io.stderr.write(`${line}\n`),
    onProgress: progress
      ? ({ index, total, built: deck, done }) =>
          io.stderr.write(
            `\r\x1b[KPDF ${index + 1 + (done ? 0 : 0)}/${total} ${deck.deck.name}${done ? ' done' : '...'}`,
          )
      : undefined,
  });
  if (progress) io.stderr.write('\r\x1b[K');
  if (options.quiet) return;
  for (const result of exported) {
    const size = `${(result.bytes / 1024).toFixed(0)} KB`;
    io.stdout.write(
      `wrote ${relativeTo(io.cwd, result.pdfPath)} (${plural(result.pageCount, 'page')}, ${size})\n`,
    );
    if (result.images.length > 0) {
      io.stdout.write(
        `wrote ${result.images.length} images in ${relativeTo(io.cwd, dirname(result.images[0] ?? ''))}\n`,
      );
    }
  }
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
  images?: string;
  singleFile?: boolean;
  /** False with --no-check. */
  check: boolean;
  strict?: boolean;
}

/** The checks lay slides out in Chromium, as the PDF export prints them. */
function needsBrowser(options: BuildCliOptions): boolean {
  return options.pdf === true || options.images !== undefined || options.check;
}

/** `founders, `, `founders for Ann Lee, ` or nothing for a deck without audiences. */
function cutLabel(cut: { audience: string | undefined; recipient: { name: string } | undefined }): string {
  if (cut.recipient) return `${cut.audience ? `${cut.audience} ` : ''}for ${cut.recipient.name}, `;
  return cut.audience ? `${cut.audience}, ` : '';
}

/** Commander's way to repeat an option: each `--audience x` adds to the list. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function printWarnings(io: CliIo, warnings: readonly Warning[]): void {
  for (const warning of warnings) io.stderr.write(`${formatWarning(warning)}\n`);
}

function report(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    if (error.code === 'commander.help') return EXIT.ok;
    return EXIT.deck;
  }
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  if (error instanceof DeckError) {
    io.stderr.write(`error: ${error.format()}${stack}\n`);
    return EXIT.deck;
  }
  if (isSystemError(error)) {
    io.stderr.write(
      `error: ${error.path ?? ''}: ${error.message}${stack}\n  Check that the folder exists and can be written.\n`,
    );
    return EXIT.environment;
  }
  if (error instanceof EnvironmentError) {
    io.stderr.write(`error: ${error.format()}${stack}\n`);
    return EXIT.environment;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`internal error (a bug in pitchdeck): ${message}\n`);
  return EXIT.deck;
}

/** Errors from the file system (a folder that cannot be written, a full disk) are the environment's. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && error instanceof Error && 'syscall' in error;
}

/** `1.9 MB`, `640 KB`: sizes as people compare them. */
function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function relativeTo(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function readVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}
