import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import type { Deck } from '../model.ts';

/**
 * One PNG per slide at the deck's size, each in its final fragment state: previews for chat and issue
 * trackers. Transitions are turned off so no screenshot catches a slide mid-move.
 */
export async function captureSlides(page: Page, htmlPath: string, deck: Deck): Promise<Uint8Array[]> {
  const { width, height } = deck.config;
  {
    await page.setViewport({ width, height });
    await page.goto(
      `${pathToFileURL(htmlPath).href}?transition=none&backgroundTransition=none&controls=false&progress=false`,
      { waitUntil: 'load' },
    );
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'), {
      polling: 50,
    });
    // A slide's own data-transition (a Marp deck's `transition` directive) outlasts the options above.
    await page.addStyleTag({
      content: '.reveal .slides section, .reveal .backgrounds * { transition: none !important; }',
    });
    await page.evaluate(() => document.fonts.ready);
    const images: Uint8Array[] = [];
    for (const slide of deck.slides) {
      await page.evaluate(
        (h, v) => {
          const reveal = (
            window as unknown as { Reveal: { slide(h: number, v: number): void; nextFragment(): boolean } }
          ).Reveal;
          reveal.slide(h, v);
          while (reveal.nextFragment()) {
            // Show every fragment: the slide's final state.
          }
        },
        slide.h,
        slide.v,
      );
      images.push(await page.screenshot({ type: 'png' }));
    }
    return images;
  }
}
