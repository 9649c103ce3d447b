import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import type { Deck } from '../model.ts';

/** How the slide images are written. */
export interface ImageOptions {
  format: 'png' | 'jpeg';
  /** Device pixels per CSS pixel: 2 gives a 2560×1440 image of a 1280×720 deck. */
  scale: number;
}

/** JPEG quality: text stays crisp, a slide stays well under a few hundred KB. */
const JPEG_QUALITY = 90;

/**
 * One image per slide at the deck's size (times `scale`), each in its final fragment state: previews for
 * chat and issue trackers. Transitions (slides, backgrounds, fragments) are turned off and each slide's
 * background picture is loaded before the capture, so no image catches a slide mid-move, a background
 * mid-fade, or a background not there yet.
 */
export async function captureSlides(
  page: Page,
  htmlPath: string,
  deck: Deck,
  options: ImageOptions = { format: 'png', scale: 1 },
): Promise<Uint8Array[]> {
  const { width, height } = deck.config;
  await page.setViewport({ width, height, deviceScaleFactor: options.scale });
  const query = new URLSearchParams({
    transition: 'none',
    backgroundTransition: 'none',
    // The slide fills the image at scale 1, as in the PDF: with reveal.js's margin it would be drawn at
    // 0.96 and its text land between pixels, soft.
    margin: '0',
    controls: 'false',
    progress: 'false',
  });
  await page.goto(`${pathToFileURL(htmlPath).href}?${query}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'), {
    polling: 50,
  });
  // A theme or a deck's own CSS may still animate fragments and backgrounds.
  // A slide's own data-transition (a Marp deck's `transition` directive) outlasts the options above.
  await page.addStyleTag({
    content: '*, *::before, *::after { transition: none !important; animation: none !important; }',
  });
  const images: Uint8Array[] = [];
  try {
    for (const slide of deck.slides) {
      await page.evaluate(showSlide, slide.h, slide.v);
      images.push(
        await page.screenshot(
          options.format === 'jpeg' ? { type: 'jpeg', quality: JPEG_QUALITY } : { type: 'png' },
        ),
      );
    }
  } finally {
    // The tab prints the next cut at scale 1.
    await page.setViewport({ width, height });
  }
  return images;
}

/**
 * Runs in the page: shows a slide with every fragment, then waits for what it paints to be there: its
 * background pictures (reveal.js loads them when the slide comes near), its images and the fonts.
 */
async function showSlide(h: number, v: number): Promise<void> {
  const reveal = (
    window as unknown as {
      Reveal: {
        slide(h: number, v: number): void;
        nextFragment(): boolean;
        getSlideBackground(h: number, v: number): HTMLElement | undefined;
        getCurrentSlide(): HTMLElement | undefined;
      };
    }
  ).Reveal;
  reveal.slide(h, v);
  while (reveal.nextFragment()) {
    // Every fragment shown: the slide's final state.
  }
  const urls: string[] = [];
  const background = reveal.getSlideBackground(h, v);
  for (const el of background ? [background, ...background.querySelectorAll('*')] : []) {
    for (const m of getComputedStyle(el).backgroundImage.matchAll(/url\("?([^")]+)"?\)/g)) {
      if (m[1]) urls.push(m[1]);
    }
  }
  const pictures = urls.map(
    (url) =>
      new Promise<void>((done) => {
        const image = new Image();
        image.onload = () => done();
        image.onerror = () => done();
        image.src = url;
      }),
  );
  const slide = reveal.getCurrentSlide();
  const inline = [...(slide?.querySelectorAll('img') ?? [])].map((img) =>
    img.complete ? undefined : img.decode().catch(() => undefined),
  );
  await Promise.race([
    Promise.all([...pictures, ...inline, document.fonts.ready]),
    new Promise((r) => setTimeout(r, 10_000)),
  ]);
  // Two frames: the background and fragments are painted in their final state (a time limit too: a
  // window in the background runs no frames).
  await Promise.race([
    new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    new Promise((r) => setTimeout(r, 200)),
  ]);
}
