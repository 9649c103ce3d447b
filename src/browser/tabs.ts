import type { Browser, Page } from 'puppeteer-core';

/** Tabs someone works in: never handed out again as the browser's spare blank tab. */
const claimed = new WeakSet<Page>();

/** Browsers that serve one run and are closed with it: their tabs are kept for reuse, never closed. */
const oneRun = new WeakSet<Browser>();

/** Tabs of a one-run browser that their last user is done with, for the next one to navigate. */
const spare = new WeakMap<Browser, Page[]>();

/**
 * Marks a browser as serving one run only, closed as a whole when the run ends (the CLI's): a tab
 * released on it is kept for the next user rather than closed. Closing a tab costs more than keeping
 * it: Puppeteer waits a tenth of a second for a replacement of a closed tab (a timer that holds the
 * process at its exit), and the next user would open a new one (another tenth).
 */
export function markOneRun(browser: Browser): void {
  oneRun.add(browser);
}

/**
 * A page to work in: a tab released earlier in this run, else the blank tab the browser opened at
 * launch when no one has taken it yet (opening a new one costs about 0.1 s), else a new page in a
 * window of its own.
 */
export async function openPage(browser: Browser): Promise<Page> {
  const released = spare.get(browser);
  for (let page = released?.pop(); page; page = released?.pop()) {
    if (page.isClosed()) continue;
    claimed.add(page);
    return page;
  }
  const blank = (await browser.pages()).find((p) => p.url() === 'about:blank' && !claimed.has(p));
  // A window of its own, not a tab: of a window's tabs only the front one is visible, and reveal.js
  // lays out its print view only in a visible page.
  const page = blank ?? (await browser.newPage({ type: 'window' }));
  claimed.add(page);
  return page;
}

/**
 * Done with a page from `openPage` that was left in a usable state (its work finished, every listener
 * removed): on a one-run browser it is kept for the next `openPage`, which navigates it elsewhere;
 * otherwise (a server's browser, kept up for hours) it is closed. A page left busy or broken is closed
 * with `page.close()` instead. A kept page holds what it last showed until it is reused or the browser
 * closes at the end of the run (there are never more than the run used at once; emptying it with a
 * navigation to about:blank would cost about 50 ms).
 */
export async function releasePage(page: Page): Promise<void> {
  const browser = page.browser();
  if (oneRun.has(browser) && !page.isClosed()) {
    const list = spare.get(browser) ?? [];
    list.push(page);
    spare.set(browser, list);
    return;
  }
  await page.close().catch(() => {});
}

/** A tab opened some other way (and left blank, as the diagrams' tab is): never handed out by `openPage`. */
export function claimPage(page: Page): Page {
  claimed.add(page);
  return page;
}
