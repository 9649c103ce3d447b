import type { Browser } from 'puppeteer-core';
import { EnvironmentError } from '../errors.ts';
import { type ObtainOptions, obtainChrome } from './obtain-chrome.ts';
import { extraArgs } from './spawn.ts';

/**
 * Launches one headless browser for a whole run. Root needs `--no-sandbox`; background networking is
 * off so a deck's build never reaches out. The browser is killed when the process exits, whatever the
 * reason; signals are the caller's to handle.
 *
 * @throws EnvironmentError when no browser can be found or it fails to start.
 */
export async function launchBrowser(options: ObtainOptions = {}): Promise<Browser> {
  const [{ path }, { default: puppeteer }] = await Promise.all([
    obtainChrome(options),
    import('puppeteer-core'),
  ]);
  const args = extraArgs();
  try {
    return await puppeteer.launch({
      executablePath: path,
      headless: true,
      args,
      pipe: true,
      // pitchdeck handles Ctrl-C and SIGTERM itself: it closes the browser, removes what the run staged
      // and exits with the signal's code. Puppeteer's own handler would exit at once on SIGINT.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    throw new EnvironmentError(
      `the browser at ${path} failed to start: ${(error as Error).message.split('\n')[0]}`,
      {
        hint: 'Check that it runs (e.g. "chromium --version"), or point PUPPETEER_EXECUTABLE_PATH at another one.',
        cause: error,
      },
    );
  }
}
