import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutForAudience } from '../../src/audience/cut-for-audience.ts';
import { launchBrowser } from '../../src/browser/launch.ts';
import { parseDocument } from '../../src/parse/parse-document.ts';
import { type BuiltDeck, buildDecks } from '../../src/run/build.ts';
import { type OpenedDeck, openDeck } from './helpers/open-deck.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const source = join(repo, 'slides', 'elixir-pitch.md');
const doc = parseDocument({ path: source, text: readFileSync(source, 'utf8') });

/** Every figure the pitch cites. */
const ALL_FIGURES = ['99.999%', '97.5%', '80.3%', '74.9%', '72.5%', '2 million', '20', '2014'];

/** The figures each cut shows on its stat slides: those that make its case. */
const CUTS = {
  founders: ['99.999%', '97.5%', '20', '2 million'],
  engineers: ['97.5%', '20'],
  cto: ['99.999%', '97.5%', '20', '2014', '2 million'],
} as const;
type Audience = keyof typeof CUTS;

/** The cuts that chart Claude Opus 4's scores and draw the one-app diagram, and what those show. */
const PICTURED: readonly Audience[] = ['engineers', 'cto'];
const CHART_LABELS = ['80.3%', '74.9%', '72.5%', 'Elixir', 'C#', 'Kotlin'];
const DIAGRAM_WORDS = ['API server', 'Frontend build', 'pipeline', 'WebSocket service', 'One Phoenix app'];

/** The text of each stat slide of an opened deck. */
function statTexts(deck: OpenedDeck): Promise<string[]> {
  return deck.page.evaluate(() =>
    [...document.querySelectorAll('section.pd-layout-stat')].map((s) => s.textContent ?? ''),
  );
}

/** The text of each drawn picture of an opened deck, by the fence that made it; words joined by spaces. */
function pictureTexts(deck: OpenedDeck): Promise<{ fence: string; text: string }[]> {
  return deck.page.evaluate(() =>
    [...document.querySelectorAll('[data-fence]')].map((p) => ({
      fence: p.getAttribute('data-fence') ?? '',
      text: [...p.querySelectorAll('svg text')]
        .map((t) => t.textContent ?? '')
        .join(' ')
        .replace(/\s+/g, ' '),
    })),
  );
}

describe('the Elixir pitch in Chromium', () => {
  let browser: Browser;
  let out: string;
  let built: BuiltDeck[];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'pitchdeck-elixir-'));
    built = await buildDecks([source], { out, cwd: repo });
    browser = await launchBrowser({ install: false });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('builds one cut per audience into dist/elixir-pitch/<audience>/index.html', () => {
    expect(built.map((b) => b.audience)).toEqual(Object.keys(CUTS));
    for (const b of built)
      expect(b.htmlPath).toBe(join(out, 'elixir-pitch', b.audience ?? '?', 'index.html'));
  });

  it('between them, the cuts show every figure the pitch cites on a stat slide or its chart', async () => {
    const shown: string[] = [];
    for (const cut of built) {
      const deck = await openDeck(browser, cut.htmlPath);
      try {
        shown.push(...(await statTexts(deck)), ...(await pictureTexts(deck)).map((p) => p.text));
      } finally {
        await deck.page.close();
      }
    }
    const text = shown.join(' ');
    expect(ALL_FIGURES.filter((f) => !text.includes(f))).toEqual([]);
  });

  describe.each(Object.keys(CUTS) as Audience[])('the %s cut', (audience) => {
    let deck: OpenedDeck;
    const expectedSlides = cutForAudience(doc, audience).slides.length;

    beforeAll(async () => {
      const cut = built.find((b) => b.audience === audience);
      if (!cut) throw new Error(`the ${audience} cut was not built`);
      deck = await openDeck(browser, cut.htmlPath);
    });

    afterAll(async () => {
      await deck?.page.close();
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

    it(`shows its figures on stat slides: ${CUTS[audience].join(', ')}`, async () => {
      const text = (await statTexts(deck)).join(' ');
      for (const figure of CUTS[audience]) expect(text).toContain(figure);
    });

    it(
      PICTURED.includes(audience)
        ? 'charts the three scores with their exact figures, and draws one app against three services'
        : 'has no chart or diagram: the figures and parts are words',
      async () => {
        const pictures = await pictureTexts(deck);
        if (!PICTURED.includes(audience)) {
          expect(pictures).toEqual([]);
          return;
        }
        expect(pictures.map((p) => p.fence)).toEqual(['mermaid', 'chart']);
        const [diagram, chart] = pictures;
        for (const word of DIAGRAM_WORDS) expect(diagram?.text).toContain(word);
        for (const label of CHART_LABELS) expect(chart?.text).toContain(label);
      },
    );

    it('leaves no Handlebars and no data-audience in the page', async () => {
      const html = await deck.page.content();
      expect(html).not.toMatch(/\{\{|data-audience/);
    });
  });
});
