import type { Page } from 'puppeteer-core';
import { DeckError, EnvironmentError } from '../errors.ts';

/**
 * What Puppeteer throws when the browser or a tab went away under it: Chromium crashed or was killed,
 * a renderer ran out of memory, the machine stopped it. None of that is the deck's fault or a bug in
 * pitchdeck, so it becomes an EnvironmentError (one line, exit code 2). Other errors pass through.
 */
export function browserError(error: unknown): unknown {
  if (error instanceof DeckError || error instanceof EnvironmentError || !(error instanceof Error))
    return error;
  if (!isClosedTarget(error)) return error;
  return new EnvironmentError(
    `the browser stopped while pitchdeck was using it (${firstLine(error.message)})`,
    {
      hint: 'Chromium crashed or was killed (low memory?); nothing was written. Run the command again.',
      cause: error,
    },
  );
}

/**
 * Runs `work` on a page until it ends or the page's renderer crashes (killed, out of memory): a crash
 * does not close the tab, so Puppeteer's waits would run on to their time-outs and blame the deck.
 */
export async function unlessCrashed<T>(page: Page, work: () => Promise<T>): Promise<T> {
  let onCrash: ((error: Error) => void) | undefined;
  const crashed = new Promise<never>((_, reject) => {
    onCrash = (error: Error) =>
      reject(
        new EnvironmentError(
          `the browser's page crashed while pitchdeck was using it (${firstLine(error.message)})`,
          {
            hint: 'Chromium crashed or was killed (low memory?); nothing was written. Run the command again.',
            cause: error,
          },
        ),
      );
    page.once('error', onCrash);
  });
  try {
    return await Promise.race([work(), crashed]);
  } finally {
    if (onCrash) page.off('error', onCrash);
  }
}

function isClosedTarget(error: Error): boolean {
  const names = new Set(['TargetCloseError', 'ConnectionClosedError']);
  if (names.has(error.name) || names.has(error.constructor.name)) return true;
  return /Target closed|Session closed|Connection closed|has been closed|detached|browser has disconnected|Navigating frame was detached|crashed/i.test(
    error.message,
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
