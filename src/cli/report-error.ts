import { CommanderError } from 'commander';
import { browserError } from '../browser/browser-errors.ts';
import { DeckError, EnvironmentError } from '../errors.ts';
import { fileSystemError } from '../write/fs-errors.ts';
import type { CliIo } from './print.ts';
import { Interrupted } from './signals.ts';
import { styleFor } from './style.ts';

export const EXIT = { ok: 0, deck: 1, environment: 2 } as const;

/**
 * Prints an error the way the CLI does, in one place: the user's mistakes and the machine's problems as
 * one line and a hint (a stack only with --debug), anything else as a bug. Returns the exit code.
 */
export function reportError(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    if (error.code === 'commander.help') return EXIT.ok;
    return EXIT.deck;
  }
  // Stopped by Ctrl-C or SIGTERM: the browser is closed and nothing was written; no more to say.
  if (error instanceof Interrupted) {
    io.stderr.write(`stopped (${error.signal}): nothing was written\n`);
    return error.exitCode;
  }
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  const style = styleFor(io.stderr);
  if (error instanceof DeckError) {
    io.stderr.write(`${style.line('error:')} ${error.format()}${stack}\n`);
    return EXIT.deck;
  }
  // A file-system error that no command put into words yet, or a browser that went away: still the
  // machine's, in one line.
  const environment = isSystemError(error)
    ? fileSystemError(
        error,
        error.path ?? 'a file',
        error.syscall === 'open' || error.syscall === 'read' ? 'read' : 'write',
      )
    : browserError(error);
  if (environment instanceof EnvironmentError) {
    io.stderr.write(`${style.line('error:')} ${environment.format()}${stack}\n`);
    return EXIT.environment;
  }
  if (error instanceof EnvironmentError) {
    io.stderr.write(`${style.line('error:')} ${error.format()}${stack}\n`);
    return EXIT.environment;
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  io.stderr.write(
    `internal error (a bug in pitchdeck): ${message}${stack}\n  ${debug ? 'Please report it with the lines above.' : 'Run the command again with --debug for the details, and please report it.'}\n`,
  );
  return EXIT.deck;
}

/** Errors from the file system (a folder that cannot be written, a full disk) are the environment's. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && error instanceof Error && 'syscall' in error;
}
