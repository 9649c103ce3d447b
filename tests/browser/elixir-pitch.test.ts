import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.ts';
import { buildDecks } from '../../src/io/build.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { type OpenedDeck, openDeck } from './helpers/open-deck.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const source = join(repo, 'slides', 'elixir-pitch.md');

describe('the Elixir pitch in Chromium', () => {
  let browser: Browser;
  let out: string;
  let deck: OpenedDeck;
  const expectedSlides = parseDocument({ path: source, text: readFileSync(source, 'utf8') }).slides.length;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'pitchdeck-elixir-'));
    const [built] = await buildDecks([source], { out, cwd: repo });
    if (!built) throw new Error('the pitch did not build');
    browser = await launchBrowser();
    deck = await openDeck(browser, built.htmlPath);
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('is a 12 to 18 slide deck that reveal.js made ready', async () => {
    expect(expectedSlides).toBeGreaterThanOrEqual(12);
    expect(expectedSlides).toBeLessThanOrEqual(18);
    const total = await deck.page.evaluate(() => Reveal.getTotalSlides());
    expect(total).toBe(expectedSlides);
    expect(await deck.page.evaluate(() => Reveal.isReady())).toBe(true);
  });

  it('logs no console error and requests nothing outside file://', () => {
    expect(deck.consoleErrors).toEqual([]);
    expect(deck.outsideRequests).toEqual([]);
  });

  it('has speaker notes on every slide', async () => {
    const notes = await deck.page.evaluate(() =>
      Reveal.getSlides().map((slide) => slide.querySelector('aside.notes')?.textContent?.trim() ?? ''),
    );
    expect(notes).toHaveLength(expectedSlides);
    expect(notes.filter((n) => n === '')).toEqual([]);
  });

  it('moves between slides with the arrow keys', async () => {
    const { page } = deck;
    await page.evaluate(() => Reveal.slide(0, 0));
    await page.focus('body');
    await page.keyboard.press('ArrowRight');
    // Fragments on a slide take a press each; keep pressing until the slide changes.
    for (let i = 0; i < 10 && (await page.evaluate(() => Reveal.getIndices().h)) === 0; i++) {
      await page.keyboard.press('ArrowRight');
    }
    expect(await page.evaluate(() => Reveal.getIndices().h)).toBe(1);
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => Reveal.getIndices().h)).toBe(0);
  });

  it('shows every figure of the source document on a stat slide', async () => {
    const stats = await deck.page.evaluate(() =>
      [...document.querySelectorAll('section.pd-layout-stat')].map((s) => s.textContent ?? ''),
    );
    const text = stats.join(' ');
    for (const figure of ['99.999%', '97.5%', '80.3%', '74.9%', '72.5%', '2 million', '20', '2014']) {
      expect(text).toContain(figure);
    }
  });
});
