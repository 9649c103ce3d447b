import { type Command, Option } from 'commander';
import type { BrowserSession } from '../browser/session.ts';
import type { Finding } from '../check/finding.ts';
import { type EnvironmentError, formatWarning, type Warning } from '../errors.ts';
import type { BuildOptions, BuiltDeck } from '../io/build.ts';

/** What the check commands need from the CLI: where to print, and a way to fail without an error line. */
export interface CheckIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  /** Raises the process's exit code (findings are not an exception: everything is printed first). */
  setExit(code: number): void;
}

interface CheckCliOptions {
  audience: string[];
  json?: boolean;
  strict?: boolean;
  theme?: string;
  templates?: string;
  separator?: string;
  verticalSeparator?: string;
}

/** Exit code for findings: a problem in the deck. */
const FAILED = 1;

/**
 * `pitchdeck check`: builds every cut into a temporary folder, checks it, prints the findings and exits 1
 * on an error (or on any finding with --strict). Writes nothing to dist/.
 */
export function addCheckCommand(program: Command, io: CheckIo): void {
  program
    .command('check')
    .description(
      'check decks for slides that overflow, missing files and hard-to-read text, in every audience cut (writes nothing)',
    )
    .argument('[paths...]', 'Markdown files or folders of them', ['slides'])
    .option('--audience <name>', 'check only this audience (repeatable; default: all)', collect, [])
    .option('--json', 'print only a JSON array of findings on stdout')
    .option('--strict', 'exit 1 on warnings too, not only on errors')
    .addOption(new Option('--theme <name>', 'theme for every deck, over its front matter'))
    .option('--templates <dir>', 'a folder of Handlebars templates to use instead of the built-in ones')
    .option('--separator <regex>', 'horizontal slide separator (a regular expression)')
    .option('--vertical-separator <regex>', 'vertical slide separator (a regular expression)')
    .action(async (paths: string[], options: CheckCliOptions, command: Command) => {
      const { quiet } = command.optsWithGlobals<{ quiet?: boolean }>();
      const [{ checkDecks }, { findingsToJson, formatFindings, summarize }] = await Promise.all([
        import('../io/check.ts'),
        import('../check/finding.ts'),
      ]);
      const result = await checkDecks(paths, {
        cwd: io.cwd,
        audiences: options.audience,
        theme: options.theme,
        templates: options.templates,
        separator: options.separator,
        verticalSeparator: options.verticalSeparator,
        log: (line) => io.stderr.write(`${line}\n`),
      });
      printWarnings(io, result.warnings);
      if (options.json) {
        io.stdout.write(`${JSON.stringify(findingsToJson(result.findings), null, 2)}\n`);
      } else {
        for (const line of formatFindings(result.findings)) io.stdout.write(`${line}\n`);
        if (!quiet) {
          const decks = new Set(result.cuts.map((c) => c.path));
          const what = `${plural(result.cuts.length, 'cut')} of ${plural(decks.size, 'deck')}`;
          const found = result.findings.length === 0 ? 'no problems found' : summarize(result.findings);
          io.stdout.write(`checked ${what}: ${found}\n`);
        }
      }
      if (fails(result.findings, options.strict === true)) io.setExit(FAILED);
    });
}

/**
 * `build --strict`: checks every cut in a temporary folder before the real build, so a deck with findings
 * leaves the output folder as it was. Prints the findings; false when the build must stop.
 */
export async function checkBeforeBuild(
  io: CheckIo,
  paths: readonly string[],
  options: BuildOptions,
  session: BrowserSession | undefined,
): Promise<boolean> {
  const [{ checkDecks }, { formatFindings, summarize }] = await Promise.all([
    import('../io/check.ts'),
    import('../check/finding.ts'),
  ]);
  const { out: _out, pdf: _pdf, singleFile: _singleFile, ...buildOptions } = options;
  const result = await checkDecks(paths, {
    ...buildOptions,
    session,
    log: (line) => io.stderr.write(`${line}\n`),
  });
  if (result.findings.length === 0) return true;
  printWarnings(io, result.warnings);
  for (const line of formatFindings(result.findings)) io.stderr.write(`${line}\n`);
  io.stderr.write(
    `error: ${summarize(result.findings)} (--strict): nothing was written\n  Fix them, or build without --strict to write the decks anyway.\n`,
  );
  io.setExit(FAILED);
  return false;
}

/**
 * `build`: checks what was just written and prints the findings as warnings. The missing files were
 * already printed with the build's own warnings. Of many recipients' cuts, only the largest page of each
 * audience is laid out (`build --strict` lays out every one). Without a browser, the layout is not
 * checked: a warning says so, and the build still succeeds.
 */
export async function checkAfterBuild(
  io: CheckIo,
  built: readonly BuiltDeck[],
  session: BrowserSession | undefined,
): Promise<void> {
  const [{ checkBuilt }, { formatFindings }] = await Promise.all([
    import('../io/check.ts'),
    import('../check/finding.ts'),
  ]);
  const findings = await checkBuilt(built, {
    cwd: io.cwd,
    session,
    everyRecipient: false,
    log: (line) => io.stderr.write(`${line}\n`),
    onLayoutUnavailable: (error: EnvironmentError) =>
      io.stderr.write(`warning: slides not checked for overflow and readability: ${error.format()}\n`),
  });
  const shown = findings.filter((f: Finding) => f.rule !== 'missing-asset');
  for (const line of formatFindings(shown, { severity: 'warning' })) io.stderr.write(`${line}\n`);
}

/** Errors fail a check; warnings only with --strict. */
export function fails(findings: readonly Finding[], strict: boolean): boolean {
  return findings.some((f) => f.severity === 'error') || (strict && findings.length > 0);
}

function printWarnings(io: CheckIo, warnings: readonly Warning[]): void {
  for (const warning of warnings) io.stderr.write(`${formatWarning(warning)}\n`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
