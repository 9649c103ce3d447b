import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';

/** A deck page plus what it tried to do that a built deck must not: console errors and network requests. */
export interface OpenedDeck {
  page: Page;
  consoleErrors: string[];
  /** Requests to anything but file:, data: and about: (they are blocked as well as recorded). */
  outsideRequests: string[];
}

/**
 * Opens a built deck from file:// with every request outside the file system blocked and recorded, and
 * waits until reveal.js is ready.
 */
export async function openDeck(
  browser: Browser,
  htmlPath: string,
  viewport = { width: 1280, height: 720 },
  query = '',
): Promise<OpenedDeck> {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const consoleErrors: string[] = [];
  const outsideRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (/^(file|data|about):/.test(url)) void request.continue();
    else {
      outsideRequests.push(url);
      void request.abort();
    }
  });
  await page.goto(pathToFileURL(htmlPath).href + query, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'), {
    timeout: 20_000,
  });
  return { page, consoleErrors, outsideRequests };
}
