/**
 * Maths, diagrams and charts in every output, against the real built deck: the fixture deck in
 * tests/fixtures/pictures built with the library as `pitchdeck build --single-file --pdf` does, then
 * opened in Chromium from the deck folder and as the single file alone, read back from the PDF, laid
 * out by `check`, and served. Each kind of error stops the build with its whole message.
 */
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.ts';
import type { BrowserSession } from '../../src/browser/session.ts';
import { DeckError } from '../../src/errors.ts';
import { PictureStore } from '../../src/read/picture-cache.ts';
import { type BuiltDeck, buildDecks, checkDecks, runBuild } from '../../src/run/build.ts';
import { serveDeck } from '../../src/server/serve-deck.ts';
import { openPdf } from '../helpers/pdf.ts';
import { openDeck } from './helpers/open-deck.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const FIXTURE = join(repo, 'tests', 'fixtures', 'pictures');

/** What each picture slide must show as text in an SVG: its labels, axis titles and data. */
const LABELS = {
  'One app': ['API server', 'WebSocket service', 'One', 'Phoenix', 'app'],
  'A request': ['Browser', 'Phoenix', 'Click', 'Diff'],
  Scores: ['Scores in Q3', 'Elixir', 'Kotlin', 'Score'],
  Sales: ['January', 'February', 'March', 'April', 'Sales'],
} as const;

/** TeX that must never be shown as text: the source of the fixture's formulas. */
const TEX_SOURCE = ['$E', 'mc^2', '\\frac', '\\sum', 'a^2 +', '\\int', '\\(', '\\['];

interface Shown {
  slides: { heading: string; svgTexts: string[]; foreignObjects: number }[];
  /** The text a viewer sees on the maths slides (MathML and annotations are not painted). */
  mathsText: string;
  formulas: number;
  katexFontsLoaded: boolean;
}

/** Each slide's heading, SVG text and visible text, each slide shown in turn as the audience sees it. */
async function shown(page: Page): Promise<Shown> {
  return page.evaluate(async () => {
    const slides = [];
    const texts: string[] = [];
    for (const slide of Reveal.getSlides()) {
      const { h, v } = Reveal.getIndices(slide);
      Reveal.slide(h, v ?? 0);
      await document.fonts.ready;
      slides.push({
        heading: slide.querySelector('h1, h2')?.textContent ?? '',
        svgTexts: [...slide.querySelectorAll('svg text')].map((t) => t.textContent ?? ''),
        foreignObjects: slide.querySelectorAll('foreignObject').length,
      });
      // biome-ignore lint/performance/useDomNodeTextContent: the text as painted, without what is hidden (TeX kept as a MathML annotation).
      if (slide.querySelector('.katex, pre')) texts.push(slide.innerText);
    }
    return {
      slides,
      mathsText: texts.join('\n'),
      formulas: document.querySelectorAll('.katex').length,
      katexFontsLoaded: [...document.fonts].some((f) => f.family === 'KaTeX_Main' && f.status === 'loaded'),
    };
  });
}

function expectPictures(view: Shown): void {
  for (const [heading, labels] of Object.entries(LABELS)) {
    const slide = view.slides.find((s) => s.heading === heading);
    const text = slide?.svgTexts.join(' ') ?? '';
    for (const label of labels) expect(text, `${heading}: ${label}`).toContain(label);
    // Labels are SVG text, which prints as text; HTML in a foreignObject would not.
    expect(slide?.foreignObjects).toBe(0);
  }
  expect(view.formulas).toBe(4);
  expect(view.katexFontsLoaded).toBe(true);
  for (const source of TEX_SOURCE) expect(view.mathsText).not.toContain(source);
  // Prices and code keep their dollars.
  expect(view.mathsText).toContain('It costs $5 and $10');
  expect(view.mathsText).toContain('echo $HOME $x$');
  expect(view.mathsText).toContain('echo "$PATH and $x$"');
}

describe('pictures in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let work: string;
  let built: BuiltDeck;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pitchdeck-pictures-'));
    cpSync(FIXTURE, join(work, 'talk'), { recursive: true });
    browser = await launchBrowser({ install: false });
    const [deck] = await buildDecks([join(work, 'talk', 'pictures.md')], {
      out: join(work, 'dist'),
      cwd: work,
      singleFile: true,
      pdf: true,
      session: { browser: async () => browser, close: async () => {} },
    });
    if (!deck) throw new Error('nothing was built');
    built = deck;
    context = await browser.createBrowserContext({ proxyServer: 'http://127.0.0.1:9' });
  });

  afterAll(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds without a warning, the chart’s data copied beside the page', () => {
    expect(built.warnings).toEqual([]);
    expect(readFileSync(join(built.dir, 'sales.csv'), 'utf8')).toContain('January');
  });

  it('shows typeset maths and drawn pictures from the deck folder, asking nothing of the network', async () => {
    const deck = await openDeck(browser, built.htmlPath);
    try {
      expectPictures(await shown(deck.page));
      expect(deck.outsideRequests).toEqual([]);
      expect(deck.consoleErrors).toEqual([]);
    } finally {
      await deck.page.close();
    }
  });

  it('shows the same from the single file alone, offline, asking for nothing but itself', async () => {
    const alone = join(work, 'elsewhere', 'pictures.html');
    mkdirSync(join(work, 'elsewhere'));
    copyFileSync(built.singleFile?.path ?? '', alone);
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('data:')) requests.push(url.replace(/[?#].*$/, ''));
      if (/^(file|data):/.test(url)) void request.continue();
      else void request.abort();
    });
    try {
      await page.setViewport({ width: 1280, height: 720 });
      await page.goto(pathToFileURL(alone).href, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'));
      expectPictures(await shown(page));
      expect(requests).toEqual([pathToFileURL(alone).href]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('prints the pictures into the PDF as text, and no TeX source', async () => {
    const pdf = await openPdf(built.pdf?.path ?? '');
    try {
      expect(pdf.pageCount).toBe(7);
      const text = await pdf.text();
      for (const labels of Object.values(LABELS)) for (const label of labels) expect(text).toContain(label);
      for (const source of TEX_SOURCE) expect(text).not.toContain(source);
      // The charts and diagrams are vector: their pages paint no picture.
      for (const page of [4, 5, 6, 7]) {
        expect((await pdf.paints(page)).filter((p) => p.kind === 'image')).toEqual([]);
      }
    } finally {
      await pdf.close();
    }
  });

  it('finds nothing to report in the fixture, and a picture too tall, too small or too faint at its fence', async () => {
    const session: BrowserSession = { browser: async () => browser, close: async () => {} };
    const clean = await checkDecks([join(work, 'talk', 'pictures.md')], { cwd: work, session });
    expect(clean.findings.map((f) => f.message)).toEqual([]);
    const chart = (heading: string, config: string) => [
      '---',
      '',
      `## ${heading}`,
      '',
      '```chart',
      'data: { values: [{ a: x, b: 1 }] }',
      'mark: bar',
      'encoding: { x: { field: a, type: nominal }, y: { field: b, type: quantitative } }',
      config,
      '```',
      '',
    ];
    const bad = join(work, 'talk', 'bad.md');
    writeFileSync(
      bad,
      [
        '---',
        'theme: black',
        '---',
        '',
        '# Bad pictures',
        '',
        ...chart('A tall chart', 'height: 900'),
        ...chart('Small labels', 'config: { axis: { labelFontSize: 8, titleFontSize: 8 } }'),
        ...chart('Faint labels', 'config: { axis: { labelColor: "#3a3a3a", titleColor: "#3a3a3a" } }'),
      ].join('\n'),
    );
    const { findings } = await checkDecks([bad], { cwd: work, session });
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.rule}`)).toEqual([
      'talk/bad.md:11: overflow',
      'talk/bad.md:22: min-font-size',
      'talk/bad.md:33: contrast',
    ]);
    const [tall, small, faint] = findings.map((f) => f.message);
    expect(tall).toMatch(
      /^slide 2 "A tall chart" overflows by \d+px at the bottom: <svg class="marks"> "x a 0\.00 /,
    );
    // Measured as drawn: the labels' size in the SVG, as the SVG is scaled on the slide.
    expect(small).toMatch(/^slide 3 "Small labels": text at 8(\.\d)?px is smaller than 16px/);
    // Judged in their fill colour, on the slide's background.
    expect(faint).toMatch(
      /^slide 4 "Faint labels": text contrast [\d.]+:1 is below 4\.5:1 \(WCAG AA\), #3a3a3a on #191919/,
    );
  });

  it('launches no browser for a deck without diagrams, and one for a deck with them', async () => {
    let asked = 0;
    const session: BrowserSession = {
      browser: async () => {
        asked++;
        return browser;
      },
      close: async () => {},
    };
    const dir = join(work, 'launch');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'plain.md'),
      '# Plain\n\n$x^2$ and a chart:\n\n```chart\ndata: { values: [{ a: 1 }] }\nmark: point\n```\n',
    );
    writeFileSync(
      join(dir, 'drawn.md'),
      '# Drawn\n\n```mermaid\nflowchart LR\n  A[Launched] --> B[Once]\n```\n',
    );
    // A cache of its own, empty: nothing drawn before may stand in for the browser.
    const options = {
      out: join(dir, 'dist'),
      cwd: dir,
      check: 'off' as const,
      session,
      pictureCache: new PictureStore(undefined),
    };
    await runBuild([join(dir, 'plain.md')], { ...options });
    expect(asked).toBe(0);
    await runBuild([join(dir, 'drawn.md')], { ...options });
    expect(asked).toBe(1);
  });

  describe('errors', () => {
    const errors = join(FIXTURE, 'errors');
    const names = readdirSync(errors).filter((n) => n.endsWith('.md'));

    it('has a fixture for each kind, each with its message', () => {
      expect(names.sort()).toEqual([
        'chart-data.md',
        'chart-spec.md',
        'chart-yaml.md',
        'diagram.md',
        'maths.md',
      ]);
    });

    for (const name of names) {
      it(`stops the build at ${name} with its file:line message, writing nothing`, async () => {
        const expected = readFileSync(join(errors, name.replace(/\.md$/, '.error.txt')), 'utf8').replace(
          /\n$/,
          '',
        );
        const out = join(work, `errors-${name}`);
        let thrown: unknown;
        try {
          await buildDecks([name], {
            out,
            cwd: errors,
            session: { browser: async () => browser, close: async () => {} },
          });
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(DeckError);
        expect((thrown as DeckError).format()).toBe(expected);
        expect(readdirSync(work)).not.toContain(`errors-${name}`);
      });
    }
  });

  it('serves the pictures and redraws a chart when its data file is saved', async () => {
    const dir = join(work, 'served');
    cpSync(FIXTURE, dir, { recursive: true });
    const server = await serveDeck({ file: join(dir, 'pictures.md'), cwd: dir, port: 0 });
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 720 });
      await page.goto(`${server.url}#/6`);
      await page.waitForFunction(() => document.documentElement.hasAttribute('data-pitchdeck-ready'));
      const labels = () =>
        page.evaluate(() =>
          [...(Reveal.getCurrentSlide()?.querySelectorAll('svg text') ?? [])].map((t) => t.textContent),
        );
      expect(await labels()).toContain('April');
      expect(await page.evaluate(() => document.querySelectorAll('[data-fence="mermaid"] svg').length)).toBe(
        2,
      );
      writeFileSync(join(dir, 'sales.csv'), 'month,sales\nMay,3\nJune,4\n');
      await page.waitForFunction(
        () =>
          [...(Reveal.getCurrentSlide()?.querySelectorAll('svg text') ?? [])].some(
            (t) => t.textContent === 'June',
          ),
        { timeout: 20_000 },
      );
      expect(await labels()).not.toContain('April');
    } finally {
      await page.close();
      await server.close();
    }
  });
});
