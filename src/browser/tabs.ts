import type { Browser, Page } from 'puppeteer-core';

/** Tabs someone works in: never handed out again as the browser's spare blank tab. */
const claimed = new WeakSet<Page>();

/**
 * A page to work in: the blank tab the browser opened at launch when no one has taken it yet (opening
 * a new one costs about 0.1 s), else a new page in a window of its own.
 */
export async function openPage(browser: Browser): Promise<Page> {
  const blank = (await browser.pages()).find((p) => p.url() === 'about:blank' && !claimed.has(p));
  // A window of its own, not a tab: of a window's tabs only the front one is visible, and reveal.js
  // lays out its print view only in a visible page.
  const page = blank ?? (await browser.newPage({ type: 'window' }));
  claimed.add(page);
  return page;
}

/** A tab opened some other way (and left blank, as the diagrams' tab is): never handed out by `openPage`. */
export function claimPage(page: Page): Page {
  claimed.add(page);
  return page;
}
