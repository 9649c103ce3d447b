import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.ts';
import { BUILTIN_THEMES, OWN_THEMES } from '../../src/model.ts';
import { buildDecks } from '../../src/run/build.ts';
import { openDeck } from './helpers/open-deck.ts';

const THEMES = [...BUILTIN_THEMES, ...OWN_THEMES];

/**
 * Web fonts each theme loads: reveal.js gets these from Google Fonts, pitchdeck from @fontsource packages.
 * (beige imports Lato but sets its text in Source Sans Pro, so it loads none.)
 */
const WEB_FONTS: Record<string, string> = {
  blood: 'Ubuntu',
  league: 'Lato',
  moon: 'Lato',
  night: 'Open Sans',
  simple: 'News Cycle',
  sky: 'Open Sans',
  solarized: 'Lato',
  pitch: 'Inter',
};

describe('every theme works offline', () => {
  let browser: Browser;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-themes-'));
    browser = await launchBrowser({ install: false });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it.each(THEMES)('%s: no request leaves file://, no console error, the theme font loads', async (theme) => {
    const dir = join(work, theme);
    writeFileSync(join(work, `${theme}.md`), `# A ${theme} deck\n\nSome *text* and \`code\`.\n`);
    const [built] = await buildDecks([join(work, `${theme}.md`)], { out: dir, cwd: work, theme });
    if (!built) throw new Error('nothing built');
    const deck = await openDeck(browser, built.htmlPath);
    try {
      const fonts = await deck.page.evaluate(async () => {
        await document.fonts.ready;
        const style = getComputedStyle(document.querySelector('.reveal h1') as Element);
        const first = style.fontFamily.split(',')[0]?.replace(/["']/g, '').trim() ?? '';
        // The face the heading actually uses: its weight and style, not the regular one.
        const loaded = [...document.fonts]
          .filter((f) => f.status === 'loaded')
          .map((f) => f.family.replace(/["']/g, ''));
        return {
          first,
          loaded: document.fonts.check(`${style.fontStyle} ${style.fontWeight} 16px "${first}"`),
          faces: loaded,
        };
      });
      const webFont = WEB_FONTS[theme];
      if (webFont) expect(fonts.faces, `${theme} loads ${webFont} from the built assets`).toContain(webFont);
      expect(deck.outsideRequests).toEqual([]);
      expect(deck.consoleErrors).toEqual([]);
      // The heading's first font family is one the page has (embedded, from @fontsource, or a system one).
      expect(fonts.loaded, `${theme}: ${fonts.first}`).toBe(true);
    } finally {
      await deck.page.close();
    }
  });
});
