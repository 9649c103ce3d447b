/**
 * A Marp deck's directives and image syntax as Chromium shows them, on tests/fixtures/decks/marp-directives.md
 * built with its images: page numbers where `paginate` is on, `![bg]` images as backgrounds (split on the
 * side asked), header and footer, a scoped style on its slide only, a fitting heading; and the PDF.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.ts';
import { type BuiltDeck, buildDecks } from '../../src/run/build.ts';
import { colourDistance, openPdf, type PdfFile, type Rgb, rgbOf } from '../helpers/pdf.ts';
import { type OpenedDeck, openDeck } from './helpers/open-deck.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const source = join(repo, 'tests', 'fixtures', 'decks', 'marp-directives.md');

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

/** A box relative to the slide's own, in fractions of the slide's width and height. */
interface SlideBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

let browser: Browser;
let out: string;
let built: BuiltDeck;
let deck: OpenedDeck;
let page: Page;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'pitchdeck-marp-'));
  const [cut] = await buildDecks([source], { out, cwd: repo, pdf: true });
  if (!cut) throw new Error('the Marp fixture deck was not built');
  built = cut;
  browser = await launchBrowser({ install: false });
  deck = await openDeck(browser, built.htmlPath);
  page = deck.page;
});

afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

/**
 * Shows slide `index` (0-based) and measures the elements `selector` finds in it against the slide, to
 * the thousandth.
 */
async function boxes(index: number, selector: string): Promise<SlideBox[]> {
  return page.evaluate(
    (i, sel) => {
      const reveal = (window as unknown as { Reveal: { slide(h: number): void } }).Reveal;
      reveal.slide(i);
      const section = document.querySelectorAll('.reveal .slides > section')[i] as HTMLElement;
      const s = section.getBoundingClientRect() as Box;
      const round = (x: number) => Math.round(x * 1000) / 1000;
      return [...section.querySelectorAll(sel)].map((el) => {
        const r = el.getBoundingClientRect();
        return {
          left: round((r.left - s.left) / s.width),
          right: round((r.right - s.left) / s.width),
          top: round((r.top - s.top) / s.height),
          bottom: round((r.bottom - s.top) / s.height),
        };
      });
    },
    index,
    selector,
  );
}

/** A computed style property of the first element `selector` finds in slide `index`. */
function styleOf(index: number, selector: string, property: string): Promise<string | undefined> {
  return page.evaluate(
    (i, sel, prop) => {
      const section = document.querySelectorAll('.reveal .slides > section')[i];
      const el = section?.querySelector(sel);
      return el ? getComputedStyle(el).getPropertyValue(prop) : undefined;
    },
    index,
    selector,
    property,
  );
}

describe('a Marp deck in Chromium', () => {
  it('loads without errors, its local images included', async () => {
    expect(deck.consoleErrors).toEqual([]);
    const broken = await page.evaluate(() =>
      [...document.images].filter((img) => img.complete && img.naturalWidth === 0).map((img) => img.src),
    );
    expect(broken).toEqual([]);
  });

  it('shows page numbers where paginate is on, Marp’s way (`_paginate: hold` repeats the number)', async () => {
    const numbers = await page.evaluate(() =>
      [...document.querySelectorAll('.reveal .slides > section')].map(
        (s) => s.querySelector('.pd-page-number')?.textContent ?? null,
      ),
    );
    expect(numbers).toEqual([null, '2', '3', '4', '5', null, '6']);
    // In the slide's bottom right corner.
    const [number] = await boxes(1, '.pd-page-number');
    expect(number?.right).toBeGreaterThan(0.9);
    expect(number?.bottom).toBeGreaterThan(0.9);
    expect(number?.bottom).toBeLessThanOrEqual(1);
  });

  it('shows ![bg] images as backgrounds side by side, never as inline images', async () => {
    expect(
      await page.$$eval('img', (imgs) => imgs.map((i) => i.alt).filter((alt) => /\bbg\b/.test(alt))),
    ).toEqual([]);
    const images = await page.evaluate(() =>
      [
        ...(document.querySelectorAll('.reveal .slides > section')[2]?.querySelectorAll('.pd-background') ??
          []),
      ].map((el) => [getComputedStyle(el).backgroundImage, getComputedStyle(el).filter]),
    );
    expect(images).toEqual([
      [expect.stringMatching(/^url\(".*\/marp-images\/red\.svg"\)$/), 'none'],
      [expect.stringMatching(/^url\(".*\/marp-images\/blue\.svg"\)$/), 'opacity(0.5) blur(10px)'],
    ]);
    const [left, right] = await boxes(2, '.pd-background');
    expect(left).toEqual({ left: 0, right: 0.5, top: 0, bottom: 1 });
    expect(right).toEqual({ left: 0.5, right: 1, top: 0, bottom: 1 });
  });

  it('splits the slide on the side asked, the content keeping to the other side', async () => {
    const [leftBg] = await boxes(3, '.pd-backgrounds');
    expect(leftBg?.left).toBe(0);
    expect(leftBg?.right).toBe(0.3);
    const [leftHeading] = await boxes(3, 'h2');
    expect(leftHeading?.left).toBeGreaterThanOrEqual(0.3);

    const [rightBg] = await boxes(4, '.pd-backgrounds');
    expect(rightBg?.left).toBe(0.5);
    expect(rightBg?.right).toBe(1);
    const [rightHeading] = await boxes(4, 'h2');
    expect(rightHeading?.right).toBeLessThanOrEqual(0.5);
  });

  it('shows the header and footer at the slide’s top and bottom edges, where they apply', async () => {
    const texts = await page.evaluate(() =>
      [...document.querySelectorAll('.reveal .slides > section')].map((s) => [
        s.querySelector('header')?.innerHTML ?? null,
        s.querySelector('footer')?.textContent?.trim() ?? null,
      ]),
    );
    expect(texts[0]).toEqual(['<strong>Marp</strong> directives', 'Footer with']);
    expect(texts[5]).toEqual([null, 'Footer with']);
    const [header] = await boxes(0, 'header');
    const [footer] = await boxes(0, 'footer');
    expect(header?.top).toBeLessThan(0.1);
    expect(footer?.bottom).toBeGreaterThan(0.9);
    expect(await page.$eval('footer img', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(
      0,
    );
  });

  it('applies a <style scoped> to its own slide only, and the style directive to every slide', async () => {
    expect(await styleOf(4, 'h2', 'color')).toBe('rgb(255, 0, 0)');
    expect(await styleOf(5, 'h2', 'color')).not.toBe('rgb(255, 0, 0)');
    expect(await styleOf(1, 'h2', 'text-decoration-line')).toBe('underline');
    expect(await styleOf(3, 'h2', 'text-decoration-line')).toBe('none');
  });

  it('applies spot directives (_class, _color, _backgroundColor) to their slide only', async () => {
    expect(await styleOf(1, 'p', 'color')).toBe('rgb(255, 204, 0)');
    expect(await styleOf(3, 'p', 'color')).not.toBe('rgb(255, 204, 0)');
    const backgrounds = await page.evaluate(() => {
      const reveal = (window as unknown as { Reveal: { getSlideBackground(h: number): HTMLElement } }).Reveal;
      return [1, 2].map((h) => getComputedStyle(reveal.getSlideBackground(h)).backgroundColor);
    });
    expect(backgrounds[0]).toBe('rgb(17, 34, 51)');
    expect(backgrounds[1]).not.toBe('rgb(17, 34, 51)');
  });

  it('fits a `<!-- fit -->` heading to the slide’s width, wider than a normal heading', async () => {
    const [fit] = await boxes(0, '.r-fit-text');
    const [normal] = await page.evaluate(() => {
      const section = document.querySelectorAll('.reveal .slides > section')[3] as HTMLElement;
      const heading = section.querySelector('h2') as HTMLElement;
      const range = document.createRange();
      range.selectNodeContents(heading);
      return [range.getBoundingClientRect().width / section.getBoundingClientRect().width];
    });
    if (!fit || normal === undefined) throw new Error('no headings to compare');
    expect(fit.right - fit.left).toBeGreaterThan(0.8);
    expect(fit.right).toBeLessThanOrEqual(1);
    expect(fit.right - fit.left).toBeGreaterThan(2 * normal);
  });
});

describe('a Marp deck’s PDF', () => {
  let pdf: PdfFile;
  beforeAll(async () => {
    if (!built.pdf) throw new Error('no PDF');
    pdf = await openPdf(built.pdf.path);
  });
  afterAll(() => pdf?.close());

  /** Every colour a page paints. */
  const colours = async (n: number): Promise<Rgb[]> =>
    (await pdf.paints(n)).flatMap((p) => (p.kind === 'image' ? p.pixels : [rgbOf(p.colour)]));
  const paints = async (n: number, hex: string) =>
    (await colours(n)).some((c) => colourDistance(c, rgbOf(hex)) <= 8);

  it('prints the page numbers, header and footer of each slide', async () => {
    expect(pdf.pageCount).toBe(7);
    const numbers: (string[] | null)[] = [];
    for (let n = 1; n <= 7; n++) numbers.push((await pdf.text(n)).match(/\d+/g));
    expect(numbers).toEqual([null, ['2'], ['3'], ['4'], ['5'], null, ['6']]);
    expect(await pdf.text(1)).toMatch(/Marp directives[\s\S]*Footer with/);
  });

  it('prints the background images', async () => {
    expect(await paints(3, '#ff0000')).toBe(true);
    expect(await paints(4, '#ff0000')).toBe(true);
    expect(await paints(5, '#0000ff')).toBe(true);
    expect(await paints(6, '#ff0000')).toBe(false);
  });
});
