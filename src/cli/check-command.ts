import { type Command, Option } from 'commander';
import { DeckError, EnvironmentError, type Warning } from '../errors.ts';
import type { CommandIo } from './build-command.ts';
import { CSS_HELP, parseIgnore, parseTimeout, THEME_HELP } from './build-command.ts';
import { optionOrigin } from './config-origins.ts';
import { collect, plural, printLines, printWarnings } from './print.ts';
import { progressBar } from './progress.ts';
import { interruptible } from './signals.ts';

interface CheckCliOptions {
  audience: string[];
  json?: boolean;
  strict?: boolean;
  theme?: string;
  css: string[];
  templates?: string;
  separator?: string;
  verticalSeparator?: string;
  timeout: string;
  browserPath?: string;
  ignore: string[];
}

/** Exit code for findings: a problem in the deck. */
const FAILED = 1;

/**
 * `pitchdeck check`: plans and stages every cut in a temporary folder, checks it, prints the findings and
 * exits 1 on an error (or, with --strict, on any finding or warning). Writes nothing to dist/.
 */
export function addCheckCommand(program: Command, io: CommandIo): void {
  program
    .command('check')
    .description(
      'check decks for slides that overflow, missing files and hard-to-read text, in every audience cut (writes nothing)',
    )
    .argument('[paths...]', 'Markdown files or folders of them', ['slides'])
    .option('--audience <name>', 'check only this audience (repeatable; default: all)', collect, [])
    .option('--json', 'print only a JSON array of findings on stdout')
    .option('--strict', 'exit 1 on warnings too, not only on errors')
    .addOption(new Option('--theme <name>', THEME_HELP))
    .option('--css <file>', CSS_HELP, collect, [])
    .option(
      '--templates <dir>',
      'a folder of Handlebars templates over the built-in ones (and layouts of its own)',
    )
    .option('--separator <regex>', 'horizontal slide separator (a regular expression)')
    .option('--vertical-separator <regex>', 'vertical slide separator (a regular expression)')
    .option('--timeout <seconds>', 'how long a deck may take to become ready', '60')
    .option('--browser-path <file>', 'the Chrome or Chromium to use (default: found on this machine)')
    .option('--ignore <rule>', 'a rule not to report (repeatable), as check: { ignore } does', collect, [])
    .action(async (paths: string[], options: CheckCliOptions, command: Command) => {
      const { quiet } = command.optsWithGlobals<{ quiet?: boolean }>();
      const timeoutMs = parseTimeout(options.timeout);
      const ignore = parseIgnore(options.ignore);
      const [{ checkDecks }, { findingsToJson, formatFindings, summarize }, { lazyBrowser }] =
        await Promise.all([
          import('../run/build.ts'),
          import('../check/finding.ts'),
          import('../browser/session.ts'),
        ]);
      const log = (line: string) => io.stderr.write(`${line}\n`);
      // Checks never download or install a browser.
      const lazy = lazyBrowser({
        log,
        install: false,
        browserPath: options.browserPath,
        browserPathFrom: optionOrigin(command, 'browserPath', '--browser-path'),
        oneRun: true,
      });
      let result: Awaited<ReturnType<typeof checkDecks>>;
      const progress = progressBar(io, quiet !== true);
      try {
        result = await interruptible(
          (signal) =>
            checkDecks(paths, {
              cwd: io.cwd,
              audiences: options.audience,
              theme: options.theme,
              css: options.css,
              templates: options.templates,
              separator: options.separator,
              verticalSeparator: options.verticalSeparator,
              timeoutMs,
              ignore,
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
      } catch (error) {
        // A deck that does not build, or a check that cannot run, is said in JSON too, for whoever
        // reads it; the error line still goes to stderr.
        if (options.json && (error instanceof DeckError || error instanceof EnvironmentError)) {
          io.stdout.write(`${JSON.stringify([errorJson(error)], null, 2)}\n`);
        }
        throw error;
      } finally {
        progress.stop();
        await lazy.close();
      }
      if (options.json) {
        const entries = [...findingsToJson(result.findings), ...result.warnings.map(warningJson)];
        io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      } else {
        printWarnings(io, result.warnings);
        printLines(io, formatFindings(result.findings), 'stdout');
        if (!quiet) {
          const decks = new Set(result.cuts.map((c) => c.path));
          const what = `${plural(result.cuts.length, 'cut')} of ${plural(decks.size, 'deck')}`;
          const clean = result.findings.length === 0 && result.warnings.length === 0;
          const found = clean ? 'no problems found' : summarize(result.findings, result.warnings.length);
          io.stdout.write(`checked ${what}: ${found}\n`);
        }
      }
      const failed =
        result.findings.some((f) => f.severity === 'error') ||
        (options.strict === true && (result.findings.length > 0 || result.warnings.length > 0));
      if (failed) io.setExit(FAILED);
    });
}

/** A build warning (an unknown key, an unclosed fence) in `--json`, shaped like a finding. */
function warningJson(warning: Warning): unknown {
  return {
    file: warning.file,
    line: warning.line,
    slide: null,
    audience: null,
    rule: warning.code,
    severity: 'warning',
    message: warning.message,
  };
}

/** A deck that does not build (its error code as `rule`), or a check that cannot run (`environment`). */
function errorJson(error: DeckError | EnvironmentError): unknown {
  return {
    file: error instanceof DeckError ? error.file : '',
    line: error instanceof DeckError ? error.line : 0,
    slide: null,
    audience: null,
    rule: error instanceof DeckError ? error.code : 'environment',
    severity: 'error',
    message: error.message,
    hint: error.hint ?? null,
  };
}
