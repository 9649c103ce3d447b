import type { Browser } from 'puppeteer-core';
import { launchBrowser } from './launch.ts';
import { type ObtainOptions, obtainChrome } from './obtain-chrome.ts';
import { spawnBrowser } from './spawn.ts';
import { markOneRun } from './tabs.ts';

/** A browser being launched in the background while other work (the HTML build) goes on. */
export interface BrowserSession {
  browser(): Promise<Browser>;
  /** Closes the browser if it started; safe to call on every path, also when the launch failed. */
  close(): Promise<void>;
}

export interface SessionOptions extends ObtainOptions {
  /**
   * The browser serves one run and is closed with it (the CLI's commands, a library call without a
   * session of its own): tabs are reused within the run rather than closed (`releasePage`). Off for a
   * browser kept up across runs (`serve`, `build --watch`).
   */
  oneRun?: boolean | undefined;
}

/**
 * Starts launching Chromium now and hands it over when asked: launching takes about as long as building
 * a deck's HTML, so the two overlap. The caller must `close()` in a `finally`.
 */
export function startBrowser(options: SessionOptions = {}): BrowserSession {
  const forOneRun = (browser: Browser) => {
    if (options.oneRun) markOneRun(browser);
    return browser;
  };
  if (process.platform === 'win32') return launchedSession(launchBrowser(options).then(forOneRun));
  // Started as soon as it is found, before Puppeteer is even loaded: the two overlap.
  const spawning = obtainChrome(options).then(({ path }) => spawnBrowser(path));
  const launching = spawning.then((spawned) => spawned.browser()).then(forOneRun);
  // Observed here so a failed launch is not an unhandled rejection before anyone asks for the browser.
  launching.catch(() => {});
  return {
    browser: () => launching,
    close: async () => {
      const spawned = await spawning.catch(() => undefined);
      await spawned?.close();
    },
  };
}

/** A session over a browser Puppeteer launched itself (on Windows, where process groups differ). */
function launchedSession(launching: Promise<Browser>): BrowserSession {
  launching.catch(() => {});
  return {
    browser: () => launching,
    close: async () => {
      const browser = await launching.catch(() => undefined);
      await browser?.close().catch(() => {});
    },
  };
}

/**
 * A browser launched only when first asked for: a run that turns out to need none (no checks, no PDF,
 * a flag refused) never starts one. The caller must `close()` in a `finally`.
 */
export function lazyBrowser(options: SessionOptions = {}): BrowserSession {
  let session: BrowserSession | undefined;
  return {
    browser: () => {
      session ??= startBrowser(options);
      return session.browser();
    },
    close: async () => {
      await session?.close();
    },
  };
}
