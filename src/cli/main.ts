import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { addBuildCommands, CSS_HELP, THEME_HELP } from './build-command.ts';
import { addCheckCommand } from './check-command.ts';
import { setConfigOrigin } from './config-origins.ts';
import { addInitCommand } from './init-command.ts';
import { type CliIo, collect } from './print.ts';
import { EXIT, reportError } from './report-error.ts';
import type { ServeCliOptions } from './serve-command.ts';
import { addThemesCommand } from './themes-command.ts';

export type { CliIo } from './print.ts';

export { EXIT } from './report-error.ts';

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
    return reportError(error, io, debug);
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
    .option('-q, --quiet', 'print errors only')
    .option('--debug', 'print stack traces with errors')
    .showHelpAfterError('(run "pitchdeck --help" for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  program.hook('preAction', async (_, command) => {
    onOptions(command.optsWithGlobals<GlobalOptions>());
    await applyConfig(command, io.cwd);
  });

  addBuildCommands(program, { ...io, setExit });
  addCheckCommand(program, { ...io, setExit });
  addInitCommand(program, io);
  addThemesCommand(program, io);

  program
    .command('serve')
    .description('present a deck over HTTP, rebuilt and reloaded in the page as you save')
    .argument('<file>', 'the Markdown deck')
    .option('-p, --port <number>', 'port to listen on (0: any free port)', '1948')
    .option('--host <address>', 'address to listen on (0.0.0.0: every network)', '127.0.0.1')
    .option('--audience <name>', 'the audience to present (default: the first the deck declares)')
    .option('--open', 'open the deck in the system browser')
    .addOption(new Option('--theme <name>', THEME_HELP))
    .option('--css <file>', CSS_HELP, collect, [])
    .option(
      '--templates <dir>',
      'a folder of Handlebars templates over the built-in ones (and layouts of its own)',
    )
    .option('--separator <regex>', 'horizontal slide separator (a regular expression)')
    .option('--vertical-separator <regex>', 'vertical slide separator (a regular expression)')
    .action(async (file: string, options: ServeCliOptions, command: Command) => {
      const { quiet } = command.optsWithGlobals<GlobalOptions>();
      const { runServe } = await import('./serve-command.ts');
      await runServe(io, file, { ...options, quiet: quiet === true });
    });
  return program;
}

/**
 * Command-line defaults from pitchdeck's config file, found from the first deck's folder upward: a key
 * the user did not give as a flag takes the config's value (flag > config > built-in default). Deck
 * defaults in the same file are read with the decks (src/read/read-build-inputs.ts).
 */
async function applyConfig(command: Command, cwd: string): Promise<void> {
  const first = command.processedArgs[0] as string | string[] | undefined;
  const path = resolve(cwd, (Array.isArray(first) ? first[0] : first) ?? '.');
  const info = await stat(path).catch(() => undefined);
  if (!info) return;
  const { findConfig } = await import('../read/config.ts');
  const config = await findConfig(info.isDirectory() ? path : dirname(path), cwd);
  if (!config) return;
  for (const [key, value] of Object.entries(config.cli)) {
    const option = command.options.find((o) => o.attributeName() === key);
    if (!option) continue;
    const source = command.getOptionValueSource(key);
    if (source !== undefined && source !== 'default') continue;
    // Flags arrive as text; numbers from the config are given the way a flag would be.
    command.setOptionValueWithSource(key, typeof value === 'number' ? String(value) : value, 'config');
    const line = config.cliLines[key as keyof typeof config.cliLines] ?? 0;
    setConfigOrigin(command, key, line > 0 ? `${config.file}:${line}` : config.file);
  }
}

function readVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}
